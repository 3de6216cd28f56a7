from django import template
from django.template.defaulttags import CsrfTokenNode

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


# --- {% kept %} ---------------------------------------------------------------------------------

KEPT_LIMIT = 5000  # renders kept per process (emptied when full)
_kept: dict[tuple, str] = {}
_CSRF = "BAOCAO-CSRF-TOKEN-HERE"
_CSRF_INPUT = f'<input type="hidden" name="csrfmiddlewaretoken" value="{_CSRF}">'


class KeptNode(template.Node):
    def __init__(self, name, keys, nodelist):
        self.name, self.keys, self.nodelist = name, keys, nodelist

    def render(self, context):
        values = [k.resolve(context) for k in self.keys]
        if any(v in ("", None) for v in values):  # not in this context: nothing to key it by
            return self.nodelist.render(context)
        key = (self.name, *(_hashable(v) for v in values))
        found = _kept.get(key)
        if found is None:
            with context.push(csrf_token=_CSRF):
                found = self.nodelist.render(context)
            if len(_kept) >= KEPT_LIMIT:
                _kept.clear()
            _kept[key] = found
        if _CSRF_INPUT in found:  # the request's own token, or nothing where it has none
            found = found.replace(_CSRF_INPUT, CsrfTokenNode().render(context))
        return found


def _hashable(value):
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


@register.tag
def kept(parser, token):
    """{% kept "name" a b c %}…{% endkept %}: the block rendered once per process for each set
    of values of a, b, c (everything it shows must be among them, or be the same for all),
    and kept (the frame's menu, say, rendered for every page).  A {% csrf_token %} in it is the
    request's own, put in after."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% kept %} takes a name and the values it shows")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(bits[1], [parser.compile_filter(b) for b in bits[2:]], nodelist)
