from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse

from countries.models import AnalysisPage
from home.routing import attach_parents

MAX_QUERY_LENGTH = 200


def search(request):
    query = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    results = AnalysisPage.objects.live().public().search(query) if query else AnalysisPage.objects.none()
    paginator = Paginator(results, 10)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    # Result cards name each analysis's country: one query for all of them.
    page.object_list = attach_parents(page.object_list)
    return TemplateResponse(request, "search/search.html", {"search_query": query, "search_results": page})
