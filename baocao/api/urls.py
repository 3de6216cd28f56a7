"""/api/: baocao's own API under v1/, and DHIS2's Web API paths for data exchange."""

from django.shortcuts import render
from django.urls import path, re_path, reverse

from . import dhis2
from .v1 import api


def docs(request):
    """The API documentation (Swagger UI, vendored; open to anyone, like openapi.json)."""
    return render(request, "api/docs.html", {"openapi": reverse("api-1:openapi-json")})


urlpatterns = [
    path("v1/docs", docs, name="api_docs"),
    path("v1/", api.urls),
    path("system/info", dhis2.system_info, name="dhis2_system_info"),
    path("me", dhis2.me, name="dhis2_me"),
    path("organisationUnits", dhis2.organisation_units, name="dhis2_organisation_units"),
    path("organisationUnits/<str:uid>", dhis2.organisation_units),
    path("dataElements", dhis2.data_elements, name="dhis2_data_elements"),
    path("dataElements/<str:uid>", dhis2.data_elements),
    path("dataSets", dhis2.data_sets, name="dhis2_data_sets"),
    path("dataSets/<str:uid>", dhis2.data_sets),
    path("categoryOptionCombos", dhis2.category_option_combos,
         name="dhis2_category_option_combos"),
    path("categoryOptionCombos/<str:uid>", dhis2.category_option_combos),
    re_path(r"^dataValueSets(?P<suffix>\.json|\.csv|\.xml|\.adx\+xml|\.adx)?$",
            dhis2.data_value_sets, name="dhis2_data_value_sets"),
    path("dataValues", dhis2.data_values, name="dhis2_data_values"),
    path("completeDataSetRegistrations", dhis2.complete_registrations,
         name="dhis2_complete_registrations"),
]
