from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ID = 2 ** 63 - 1  # the largest primary key (a 64-bit integer)


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    """An Excel file to download."""
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
