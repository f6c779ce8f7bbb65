"""The client list's search: a page of clients in name order and how many match, in one statement.

The statements are built once per shape of query and compiled per dialect (instr() on SQLite, strpos()
on PostgreSQL); see `_list_statements` for how a page reads its rows from indexes in the list's order.
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import Integer, Select, bindparam, func, literal_column, select, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql import FromClause
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from ..badges import Badge, badges
from . import names
from .records import ClientPage, ClientQuery, ClientSummary, current_year
from .schema import Client, ClientNamePrefix

# The client list counts its matches only this far (and at least to the end of the page asked for):
# beyond it a page's total reads "more than ..." and costs the same at 30 clients as at 10,000.
COUNT_LIMIT = 100


def count_bound(offset: int, limit: int) -> int:
    """How far `search_clients` counts the matches of a page at `offset` with `limit` rows.

    The page's `total` is exact when it is at most this bound; `bound + 1` means more than the bound.
    """
    return max(COUNT_LIMIT, offset + limit)


class _position(FunctionElement[int]):
    """1-based position of the second argument in the first, 0 when absent: instr() on SQLite,
    strpos() on PostgreSQL (both compare code points, like the prefix index)."""

    type = Integer()
    inherit_cache = True
    name = "instr"


@compiles(_position)
def _instr(element: _position, compiler: SQLCompiler, **kw: Any) -> str:
    return f"instr({compiler.process(element.clauses, **kw)})"


@compiles(_position, "postgresql")
def _strpos(element: _position, compiler: SQLCompiler, **kw: Any) -> str:
    return f"strpos({compiler.process(element.clauses, **kw)})"


BADGE_COLUMNS = {
    Badge.fainting_tendency: "known_fainting_tendency",
    Badge.disclosures_not_reviewed: "disclosures_not_reviewed",
    Badge.no_progress: "no_progress",
}


@lru_cache(maxsize=256)
def _list_statements(words: int, levels: int, flags: tuple[Badge, ...]) -> tuple[Select[Any], Select[Any]]:
    """The client list's page and count statements for one shape of query, built once.

    `levels`: 0 any level, 1 one level, 2 several. Values are bound parameters (w0, w1, ..., level or
    levels, born_by, limit, offset, bound), so SQLAlchemy's compiled-statement cache is hit on every
    later search of the same shape.

    With words, the first (w0, the longest) is looked up in client_name_prefixes, whose key lists its
    clients in name order; each further word (w1, ... bound as " word") must start a word of that
    same index entry's name, and level and badges are checked on the entry's client row. Without
    words the clients' own indexes give the order and carry every filter column. Either way a page
    reads entries in order and stops once it is full (after the rows it passes over, for a filter);
    its last column is the count of matches up to `bound` (a limit on the same read), so a page is
    one statement. The count statement alone serves a page that came back empty.
    """
    table = Client.__table__.c
    filters: list[Any] = []  # on the clients table
    source: FromClause
    counted: FromClause
    if levels == 1:
        filters.append(table.latest_level == bindparam("level"))
    elif levels:
        filters.append(table.latest_level.in_(bindparam("levels", expanding=True)))
    for badge in flags:
        if badge is Badge.elderly:
            filters.append(table.birth_year <= bindparam("born_by"))
        else:
            filters.append(table[BADGE_COLUMNS[badge]] == true())
    if words:
        prefixes = ClientNamePrefix.__table__.alias("p")
        spaced_name = literal_column("' '").op("||")(prefixes.c.name_norm)
        found = [prefixes.c.prefix == bindparam("w0")]
        found += [_position(spaced_name, bindparam(f"w{i}")) > 0 for i in range(1, words)]
        source = prefixes.join(Client.__table__, Client.__table__.c.id == prefixes.c.client_id)
        conditions = found + filters
        # Without filters the prefix index alone is counted (every entry has its client: foreign key).
        counted = source if filters else prefixes
        order = (prefixes.c.name_norm, prefixes.c.client_id)
    else:
        source = counted = Client.__table__
        conditions = filters
        order = (table.name_norm, table.id)
    columns = (
        table.id, table.name, table.birth_year, table.latest_level, table.latest_check_at,
        table.session_count, table.known_fainting_tendency, table.disclosures_not_reviewed, table.no_progress,
    )  # fmt: skip
    matches: Select[Any] = (
        select(literal_column("1")).select_from(counted).where(*conditions).limit(bindparam("bound", type_=Integer))
    )
    count = select(func.count()).select_from(matches.subquery("matches"))
    page = (
        select(*columns, count.scalar_subquery().label("matches"))
        .select_from(source)
        .where(*conditions)
        .order_by(*order)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
    )
    return page, count


# The client list's rows, validated as one list (pydantic-core's loop; cheaper per row than model_construct).
_SUMMARIES = TypeAdapter(list[ClientSummary])
# A row's badges by (elderly, fainting tendency, disclosures not reviewed, no progress), computed once.
_BADGE_SETS = {key: badges(*key) for key in itertools.product((False, True), repeat=4)}


def find(s: Session, q: ClientQuery, elderly_age: int) -> ClientPage:
    """A page of the clients `q` asks for (see Storage.search_clients)."""
    # The longest word leads (it matches the fewest names); the others are checked on its entries.
    words = sorted(dict.fromkeys(names.words(q.query)), key=len, reverse=True)
    flags = tuple(sorted(set(q.flags), key=list(Badge).index))
    levels = q.levels
    page, count = _list_statements(len(words), min(len(levels), 2), flags)
    year = current_year()
    born_by = year - elderly_age  # one reading for the filter and every row's badges
    bound = count_bound(q.offset, q.limit)
    params: dict[str, Any] = {"limit": q.limit, "offset": q.offset, "bound": bound + 1}
    for i, word in enumerate(words):
        params[f"w{i}"] = word if i == 0 else f" {word}"
    if len(levels) == 1:
        params["level"] = levels[0].value
    elif levels:
        params["levels"] = [lvl.value for lvl in levels]
    if Badge.elderly in flags:
        params["born_by"] = born_by

    rows = s.execute(page, params).all()
    if len(rows) < q.limit and (rows or q.offset == 0):
        total = q.offset + len(rows)  # the last page: its end is the total
    elif rows:
        total = rows[0].matches
    else:  # past the end (the list shrank since the previous page): count alone
        total = s.execute(count, params).scalar_one()
    items = _SUMMARIES.validate_python(
        [
            {
                "id": id_,
                "name": name,
                "age": year - born,
                "latest_level": latest,
                "latest_check_at": at,
                "session_count": sessions,
                "badges": _BADGE_SETS[born <= born_by, fainting, disclosures, stuck],
            }
            for id_, name, born, latest, at, sessions, fainting, disclosures, stuck, _ in rows
        ]
    )
    return ClientPage.model_construct(items=items, total=total, limit=q.limit, offset=q.offset)
