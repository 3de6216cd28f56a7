"""{{ indicator|formula_words }}: a derived indicator's formula with its indicators' names."""

from django import template

from baocao.catalogue.formula_words import words_of

register = template.Library()


@register.filter
def formula_words(indicator) -> str:
    return words_of(indicator)
