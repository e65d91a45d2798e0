from .analysis import AnalysisAuthor, AnalysisPage, AnalysisSource, AnalysisTopic
from .country import CountryPage
from .expert import Expert
from .region import RegionPage
from .source import Source
from .version import AnalysisVersion, VersionNote

__all__ = [
    "AnalysisAuthor",
    "AnalysisPage",
    "AnalysisSource",
    "AnalysisTopic",
    "AnalysisVersion",
    "CountryPage",
    "Expert",
    "RegionPage",
    "Source",
    "VersionNote",
]
