from django import template

from baocao.lib.numbers import format_vn

register = template.Library()


@register.filter
def get_item(mapping, key):
    """{{ mapping|get_item:key }}"""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def vn(value, decimals=0):
    """A number as 1.234,5 (empty for no value)."""
    if value in (None, ""):
        return ""
    return format_vn(value, int(decimals))
