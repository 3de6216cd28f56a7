"""Vega-Lite specifications: one JSON spec drives the page (vega-embed) and, later, the images
of the documents (vl-convert)."""

from decimal import Decimal

BLUE, GREY, ORANGE, GREEN, RED = "#3d5a80", "#adb5bd", "#d97706", "#2f7d46", "#b42318"


def _title(text: str) -> dict:
    """A chart's title from the chart's left edge: centred over a narrow plot (a phone, a legend
    beside it), a long title ran off the chart's left side."""
    return {"text": text, "anchor": "start", "frame": "bounds"}


def _num(value):
    return None if value is None else float(value)


def trend(indicator, series: dict, year: int, target) -> dict:
    """Cumulative this year against last year, and the target's even pace."""
    rows = []
    flows = indicator.time_aggregation == "sum" and not indicator.is_derived
    for y, label in ((year - 1, str(year - 1)), (year, str(year))):
        total = Decimal(0)
        for month in range(1, 13):
            value = series.get(y, {}).get(month)
            if value is None:
                continue
            total = total + value if flows else value
            rows.append({"month": month, "value": _num(total), "series": label})
    if target is not None and flows:
        rows += [{"month": m, "value": _num(target * m / 12), "series": "Tiến độ kế hoạch"}
                 for m in range(1, 13)]
    title = "Lũy kế theo tháng" if flows else "Theo tháng"
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": _title(f"{indicator.name} — {title}"), "width": "container", "height": 260,
        "data": {"values": rows},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "month", "type": "ordinal", "title": "Tháng"},
            "y": {"field": "value", "type": "quantitative",
                  "title": indicator.unit_of_measure or ""},
            "color": {"field": "series", "type": "nominal", "title": None,
                      "scale": {"range": [GREY, BLUE, ORANGE]}},
            "strokeDash": {"condition": {"test": "datum.series == 'Tiến độ kế hoạch'",
                                         "value": [6, 4]}, "value": [1, 0]},
        },
    }


def units_side_by_side(indicator, rows: list[tuple[str, Decimal | None]],
                       label: str) -> dict | None:
    """None when no unit has a value (nothing to draw)."""
    data = [{"unit": name, "value": _num(value)} for name, value in rows if value is not None]
    if not data:
        return None
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": _title(f"{indicator.name} — {label}"), "width": "container",
        "height": {"step": 22}, "data": {"values": data},
        "mark": {"type": "bar", "color": BLUE},
        "encoding": {"y": {"field": "unit", "type": "nominal", "sort": "-x", "title": None},
                     "x": {"field": "value", "type": "quantitative",
                           "title": indicator.unit_of_measure or ""}},
    }


def plan_share(counts: dict[str, int]) -> dict:
    labels = {"above": "Vượt, sát kế hoạch", "on_track": "Theo tiến độ",
              "behind": "Chậm so với kế hoạch", "no_target": "Không có kế hoạch"}
    colours = {"above": GREEN, "on_track": BLUE, "behind": RED, "no_target": GREY}
    data = [{"status": labels[k], "n": counts.get(k, 0), "colour": colours[k]}
            for k in labels if counts.get(k)]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": _title("Chỉ tiêu so với kế hoạch năm"), "width": "container", "height": 60,
        "data": {"values": data},
        "mark": "bar",
        "encoding": {"x": {"field": "n", "type": "quantitative", "stack": "normalize",
                           "title": None, "axis": {"format": "%"}},
                     "color": {"field": "status", "type": "nominal", "title": None,
                               "scale": {"domain": [d["status"] for d in data],
                                         "range": [d["colour"] for d in data]}},
                     "tooltip": [{"field": "status"}, {"field": "n", "title": "Số chỉ tiêu"}]},
    }


def sector_progress(rows: list[tuple[str, float]], expected: float) -> dict:
    """Each sector's average % of the annual target, against the share of the year gone."""
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": _title("Tỷ lệ thực hiện kế hoạch năm theo lĩnh vực (%)"), "width": 430,
        "height": {"step": 18},
        "layer": [
            {"data": {"values": [{"sector": s, "pct": round(p, 1)} for s, p in rows]},
             "mark": {"type": "bar", "color": BLUE},
             "encoding": {"y": {"field": "sector", "type": "nominal", "title": None,
                                "sort": None, "axis": {"labelLimit": 230}},
                          "x": {"field": "pct", "type": "quantitative", "title": None}}},
            {"data": {"values": [{"x": round(expected, 1)}]},
             "mark": {"type": "rule", "color": RED, "strokeDash": [4, 3]},
             "encoding": {"x": {"field": "x", "type": "quantitative"}}},
        ],
    }
