from .analysis import AnalysisAuthor, AnalysisPage, AnalysisSource, AnalysisTopic
from .country import CountryPage
from .expert import Expert
from .region import RegionPage

__all__ = [
    "AnalysisAuthor",
    "AnalysisPage",
    "AnalysisSource",
    "AnalysisTopic",
    "CountryPage",
    "Expert",
    "RegionPage",
]
