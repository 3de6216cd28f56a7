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


# --- a formula in words: "= Chi đầu tư ÷ Tổng chi × 100" ------------------------------------

_SIGNS = {"+": "+", "-": "−", "*": "×", "/": "÷"}
_RANK = {"+": 1, "-": 1, "*": 2, "/": 2}


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return text.replace(".", ",")


def _factors(tree):
    """A product or quotient as its factors: [("*", node), ("/", node), …], the first "*"."""
    if tree[0] in ("*", "/"):
        return _factors(tree[1]) + [(tree[0], tree[2])]
    return [("*", tree)]


def in_words(text: str, names: dict[str, str]) -> str:
    """A formula as a person reads it: each code by its indicator's name, × and ÷, and a
    constant factor last ("100 * NS05 / NS04" → "Chi đầu tư ÷ Tổng chi × 100").  A formula
    that does not parse is given as it is."""
    try:
        tree = parse(text)
    except FormulaError:
        return text

    def show(node, parent_rank=0, after="") -> str:
        """`after`: the operator this node stands to the right of ("" when on the left)."""
        kind = node[0]
        if kind == "num":
            return _number(node[1])
        if kind == "code":
            return names.get(node[1], node[1])
        if kind == "neg":
            return "−" + show(node[1], 3)
        rank = _RANK[kind]
        if kind in ("*", "/"):
            factors = _factors(node)
            constants = [f for f in factors if f[0] == "*" and f[1][0] == "num"]
            rest = [f for f in factors if f not in constants]
            if constants and rest and rest[0][0] == "*":
                factors = rest + constants
            words = show(factors[0][1], rank)
            for op, factor in factors[1:]:
                words += f" {_SIGNS[op]} {show(factor, rank, op)}"
        else:
            words = f"{show(node[1], rank)} {_SIGNS[kind]} {show(node[2], rank, kind)}"
        if rank < parent_rank or (rank == parent_rank and after in ("-", "/")):
            return f"({words})"
        return words

    return show(tree)

