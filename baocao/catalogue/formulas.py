"""Formulas of derived indicators: `100 * YT02 / YT01`.

A small recursive-descent parser over numbers, indicator codes, + − × ÷ and parentheses.  Never
`eval`.  A parsed formula is a tree of tuples:
    ("num", Decimal) | ("code", str) | ("neg", node) | (op, left, right) with op in + - * /
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

CODE = r"[A-Za-z][A-Za-z0-9_.]*"
_TOKEN = re.compile(rf"\s*(?:(\d+(?:[.,]\d+)?)|({CODE})|(.))")
_OPERATORS = {"+": "+", "-": "-", "−": "-", "*": "*", "×": "*", "/": "/", "÷": "/", ":": "/"}


class FormulaError(ValueError):
    pass


def _tokens(text: str):
    tokens, position = [], 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            break
        number, code, other = match.groups()
        if number:
            tokens.append(("num", Decimal(number.replace(",", "."))))
        elif code:
            tokens.append(("code", code))
        elif other in _OPERATORS:
            tokens.append(("op", _OPERATORS[other]))
        elif other in "()":
            tokens.append((other, other))
        elif other.strip():
            raise FormulaError(_("The character \"%(char)s\" is not allowed in a formula.")
                               % {"char": other})
        position = match.end()
    return tokens


def parse(text: str):
    """Parse a formula; raises FormulaError with a Vietnamese message."""
    tokens = _tokens(text)
    if not tokens:
        raise FormulaError(_("The formula is empty."))
    position = 0

    def peek():
        return tokens[position] if position < len(tokens) else (None, None)

    def take():
        nonlocal position
        position += 1
        return tokens[position - 1]

    def expression():
        node = term()
        while peek() in (("op", "+"), ("op", "-")):
            node = (take()[1], node, term())
        return node

    def term():
        node = factor()
        while peek() in (("op", "*"), ("op", "/")):
            node = (take()[1], node, factor())
        return node

    def factor():
        kind, value = peek()
        if kind == "op" and value in "+-":
            take()
            inner = factor()
            return ("neg", inner) if value == "-" else inner
        if kind in ("num", "code"):
            take()
            return (kind, value)
        if kind == "(":
            take()
            node = expression()
            if peek()[0] != ")":
                raise FormulaError(_("A closing parenthesis is missing."))
            take()
            return node
        if kind is None:
            raise FormulaError(_("The formula ends too early."))
        raise FormulaError(_("Unexpected \"%(token)s\" in the formula.") % {"token": value})

    tree = expression()
    if position != len(tokens):
        raise FormulaError(
            _("Unexpected \"%(token)s\" in the formula.") % {"token": tokens[position][1]}
        )
    return tree


def codes(tree) -> set[str]:
    """The indicator codes a formula uses."""
    kind = tree[0]
    if kind == "code":
        return {tree[1]}
    if kind == "num":
        return set()
    if kind == "neg":
        return codes(tree[1])
    return codes(tree[1]) | codes(tree[2])


def evaluate(tree, values: dict[str, Decimal | None]) -> Decimal | None:
    """The formula's value; None when a value is missing or a denominator is zero."""
    kind = tree[0]
    if kind == "num":
        return tree[1]
    if kind == "code":
        value = values.get(tree[1])
        return None if value is None else Decimal(value)
    if kind == "neg":
        inner = evaluate(tree[1], values)
        return None if inner is None else -inner
    left, right = evaluate(tree[1], values), evaluate(tree[2], values)
    if left is None or right is None:
        return None
    try:
        if kind == "+":
            return left + right
        if kind == "-":
            return left - right
        if kind == "*":
            return left * right
        return None if right == 0 else left / right
    except InvalidOperation:
        return None


def find_cycle(formulas: dict[str, set[str]]) -> list[str] | None:
    """A cycle in 'code uses codes', as a list of codes, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(code):
        state[code] = 1
        stack.append(code)
        for used in sorted(formulas.get(code, ())):
            if state.get(used) == 1:
                return stack[stack.index(used):] + [used]
            if state.get(used) is None:
                found = visit(used)
                if found:
                    return found
        state[code] = 2
        stack.pop()
        return None

    for code in sorted(formulas):
        if state.get(code) is None:
            found = visit(code)
            if found:
                return found
    return None
