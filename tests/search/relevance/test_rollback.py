"""Runs after test_relevance.py (pytest takes a folder's modules in name order): the corpus is gone again."""

from countries.models import AnalysisPage

from .corpus import ANALYSES, SEED_TITLE


def test_the_corpus_was_rolled_back(db):
    titles = set(AnalysisPage.objects.values_list("title", flat=True))
    assert SEED_TITLE in titles
    assert not titles & {analysis.title for analysis in ANALYSES}
