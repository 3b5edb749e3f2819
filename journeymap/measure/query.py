"""The one definition of every figure `jmap measure` reports, as SQL.

Written once in DuckDB's dialect and transpiled with SQLGlot for every other engine (Spark SQL,
BigQuery, Snowflake, ...): SQL is what every place events live already runs (a laptop's DuckDB,
a Spark cluster, a warehouse), so `--sql DIALECT` can hand the very same query to a warehouse,
which a dataframe library could not. The query reads a relation `raw` (the event files, with a
`__ord` column in file order) and returns one small long table, `RESULT_COLUMNS`, that
`result.read_rows` turns into figures; `--aggregated` reads the same table back from a file.
"""

from __future__ import annotations

from journeymap.measure.plan import STAGE, TOUCHPOINT, Options, Plan

RESULT_COLUMNS = ("kind", "level", "segment_column", "segment_value", "a", "b", "n1", "n2", "x")
TEXT_TIME, NUMBER_TIME, NATIVE_TIME = "text", "number", "native"
ALL = ""  # the segment column (and value) of the figures over every session
TIME_KINDS = {"text": TEXT_TIME, "epoch": NUMBER_TIME, "timestamp": NATIVE_TIME}


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def glob_to_like(glob: str) -> str:
    """`*` any text, `?` one character; everything else literal (LIKE's own wildcards escaped)."""
    out = []
    for char in glob:
        if char in "\\%_":
            out.append("\\" + char)
        else:
            out.append({"*": "%", "?": "_"}.get(char, char))
    return "".join(out)


def extra_columns(plan: Plan, options: Options) -> list[str]:
    """Event columns beyond the four named ones: those `where` patterns and `--by` read."""
    return list(dict.fromkeys(plan.where_columns() + list(options.columns.by)))


def _time_us(expression: str, kind: str, parse_text: str) -> str:
    """Epoch microseconds from a time column: ISO 8601 text, epoch s/ms/µs, or the engine's own timestamp."""
    number = ("CAST(CASE WHEN ABS({x}) < 100000000000 THEN {x} * 1000000 "
              "WHEN ABS({x}) < 100000000000000 THEN {x} * 1000 ELSE {x} END AS BIGINT)")
    if kind == NUMBER_TIME:
        return number.format(x=f"CAST({expression} AS DOUBLE)")
    if kind == NATIVE_TIME:
        return parse_text.format(x=expression)
    as_number = number.format(x=f"TRY_CAST({expression} AS DOUBLE)")
    return f"COALESCE({parse_text.format(x=f'CAST({expression} AS VARCHAR)')}, {as_number})"


def normalised(plan: Plan, options: Options, time_kind: str, parse_text: str) -> str:
    """`raw` with the columns every figure uses: sid, uid, ev, ts (µs), ord, val and x0, x1, ... (extra columns)."""
    c = options.columns
    text = "NULLIF(TRIM(CAST({} AS VARCHAR)), '')"
    parts = [
        f"{text.format(ident(c.session))} AS sid" if c.session else "CAST(NULL AS VARCHAR) AS sid",
        f"{text.format(ident(c.user))} AS uid",
        f"{text.format(ident(c.event))} AS ev",
        f"{_time_us(ident(c.time), time_kind, parse_text)} AS ts",
        f"{ident(c.time)} IS NOT NULL AS ts_given",
        "__ord AS ord",
        "COALESCE(__object, TRUE) AS obj",
        f"TRY_CAST({ident(c.value)} AS DOUBLE) AS val" if c.value else "CAST(NULL AS DOUBLE) AS val",
    ]
    parts += [f"CAST({ident(name)} AS VARCHAR) AS x{i}" for i, name in enumerate(extra_columns(plan, options))]
    return "SELECT " + ", ".join(parts) + " FROM raw"


def bad_rows_sql(plan: Plan, options: Options, time_kind: str, parse_text: str, examples: int = 3) -> str:
    """Rows that cannot be placed in a session, by kind, with the first few row numbers of each."""
    kinds = [("row is not an object", "NOT obj"), ("empty user id", "uid IS NULL"), ("empty event name", "ev IS NULL"),
             ("unparseable timestamp", "ts IS NULL AND ts_given"), ("missing timestamp", "NOT ts_given")]
    if options.columns.session:
        kinds.insert(1, ("empty session id", "sid IS NULL"))
    case = "CASE " + " ".join(f"WHEN {test} THEN {literal(kind)}" for kind, test in kinds) + " END"
    return (f"WITH tidy AS ({normalised(plan, options, time_kind, parse_text)}), "
            f"bad AS (SELECT {case} AS kind, ord FROM tidy), "
            f"ranked AS (SELECT kind, ord, ROW_NUMBER() OVER (PARTITION BY kind ORDER BY ord) AS rn, "
            f"COUNT(*) OVER (PARTITION BY kind) AS rows FROM bad WHERE kind IS NOT NULL) "
            f"SELECT kind, rows, ord FROM ranked WHERE rn <= {examples} ORDER BY kind, ord")


def _claim_case(plan: Plan, options: Options) -> str:
    """The code of the touchpoint that claims an event (its place in the map, from 1), NULL for none:
    a small integer is cheaper than the id to sort, group and compare, and the ids come back at the end."""
    position = {name: i for i, name in enumerate(extra_columns(plan, options))}
    codes = touchpoint_codes(plan)
    whens = []
    for claim in plan.claims:
        tests = [f"ev = {literal(claim.event)}"]
        tests += [f"x{position[column]} LIKE {literal(glob_to_like(glob))} ESCAPE '\\'" for column, glob in claim.where]
        whens.append(f"WHEN {' AND '.join(tests)} THEN {codes[claim.touchpoint]}")
    return "CASE " + " ".join(whens) + " END"


def touchpoint_codes(plan: Plan) -> dict[str, int]:
    return {touchpoint: i for i, (touchpoint, _stage) in enumerate(plan.touchpoints, start=1)}


def _values(rows: list[tuple], names: tuple) -> str:
    """A small inline table: text as SQL strings, whole numbers as numbers."""
    body = ", ".join("(" + ", ".join(str(v) if isinstance(v, int) else literal(v) for v in row) + ")" for row in rows)
    return f"(VALUES {body}) AS t({', '.join(names)})"


def warehouse_raw(table: str) -> str:
    """`raw` over a warehouse table: its rows numbered (the order of ties is then the engine's)."""
    return f"raw AS (SELECT *, ROW_NUMBER() OVER () AS __ord, TRUE AS __object FROM {table})"


def measure_sql(plan: Plan, options: Options, time_kind: str, parse_text: str, table: str | None = None) -> str:
    """Every figure of one measurement, as one query over `raw` (or over `table`) returning RESULT_COLUMNS.

    Shaped for one machine's speed: the events are read by a few narrow passes (a column store
    then reads only the columns each pass needs) rather than held as one wide table; the only sort
    is of the claimed events within each session (for the direct transitions); every other figure
    comes from one row per session: its first and last position at each touchpoint and stage,
    whether it strayed, and its user and segments.
    """
    c = options.columns
    window = "(PARTITION BY sid ORDER BY ts, ord)"
    valid = ["uid IS NOT NULL", "ev IS NOT NULL", "ts IS NOT NULL"] + (["sid IS NOT NULL"] if c.session else [])
    if options.since_us is not None:
        valid.append(f"ts >= {int(options.since_us)}")
    if options.until_us is not None:
        valid.append(f"ts < {int(options.until_us)}")
    ctes = [warehouse_raw(table)] if table else []
    valid_rows = f"(SELECT * FROM ({normalised(plan, options, time_kind, parse_text)}) AS tidy WHERE {' AND '.join(valid)})"
    extras = "".join(f", x{i}" for i in range(len(extra_columns(plan, options))))
    if c.session:
        sessions = f"{valid_rows} AS v"
    else:  # a user's next session starts after more than `--session-gap` without events
        gap = int(options.session_gap_seconds) * 1_000_000
        ctes.append(f"gaps AS (SELECT *, LAG(ts) OVER (PARTITION BY uid ORDER BY ts, ord) AS prev_ts FROM {valid_rows} AS v)")
        ctes.append(f"sessioned AS (SELECT uid || '#' || CAST(SUM(CASE WHEN prev_ts IS NULL OR ts - prev_ts > {gap} "
                    "THEN 1 ELSE 0 END) OVER (PARTITION BY uid ORDER BY ts, ord ROWS UNBOUNDED PRECEDING) AS VARCHAR) "
                    f"AS sid, uid, ev, ts, ord, val{extras} FROM gaps)")
        sessions = "sessioned"
    claimed = f"(SELECT *, {_claim_case(plan, options)} AS tp FROM {sessions}) AS e"
    by_positions = {name: i for i, name in enumerate(extra_columns(plan, options))}
    # a session's user and segments are those of its first event (time, then file order): an
    # aggregate rather than a window, which would sort every event
    first = "{'t': ts, 'o': ord}"
    # a missing value is a value of its own ('(none)'), not a reason to look at the next event
    picked = "".join(f", ARG_MIN(COALESCE(x{by_positions[name]}, '(none)'), {first}) AS x{by_positions[name]}"
                     for name in c.by)
    ctes.append(f"firsts AS (SELECT sid, ARG_MIN(uid, {first}) AS uid, COUNT(*) AS n_events, MIN(ts) AS t0, "
                f"MAX(ts) AS t1, SUM(val) AS session_value{picked} FROM {sessions} GROUP BY sid)")
    groups = [f"SELECT sid, uid, n_events, session_value, '{ALL}' AS gcol, '{ALL}' AS gval FROM firsts"]
    for name in c.by:
        groups.append(f"SELECT sid, uid, n_events, session_value, {literal(name)}, "
                      f"x{by_positions[name]} FROM firsts")
    ctes.append("sgroups AS (" + " UNION ALL ".join(groups) + ")")
    ctes.append(f"positions AS (SELECT sid, tp, ROW_NUMBER() OVER {window} AS pos, "
                f"LAG(tp) OVER {window} AS prev FROM {claimed} WHERE tp IS NOT NULL)")
    # one row per session: the first and last position of each touchpoint and each stage, and
    # whether any direct transition is undeclared; steps and reach then need no join per step
    codes = touchpoint_codes(plan)
    nodes = [(TOUCHPOINT, t, f"tp = {codes[t]}") for t, _stage in plan.touchpoints]
    for stage in plan.stages:
        members = [str(codes[t]) for t, s in plan.touchpoints if s == stage]
        nodes.append((STAGE, stage, f"tp IN ({', '.join(members)})" if members else "1 = 0"))
    index = {(level, ident): i for i, (level, ident, _test) in enumerate(nodes)}
    spans = "".join(f", MIN(CASE WHEN {test} THEN pos END) AS f{i}, MAX(CASE WHEN {test} THEN pos END) AS l{i}"
                    for i, (_level, _ident, test) in enumerate(nodes))
    width = len(codes) + 1  # a move A -> B as one number, A * width + B
    declared_codes = sorted({codes[a] * width + codes[b] for level, a, b in plan.steps if level == TOUCHPOINT})
    stray = "prev IS NOT NULL AND prev <> tp" + (f" AND prev * {width} + tp NOT IN ({', '.join(map(str, declared_codes))})"
                                                 if declared_codes else "")
    ctes.append(f"session_spans AS (SELECT sid{spans}, MAX(CASE WHEN {stray} THEN 1 ELSE 0 END) AS strayed "
                "FROM positions GROUP BY sid)")
    ctes.append(f"strays AS (SELECT DISTINCT sid, prev AS src, tp AS dst FROM positions WHERE {stray})")
    steps = [(level, a, b, index[(level, a)], index[(level, b)]) for level, a, b in plan.steps]
    wide = "".join(f", COUNT(p.f{i}) AS r{i}" for i in range(len(nodes)))
    wide += "".join(f", SUM(CASE WHEN p.l{j} > p.f{i} THEN 1 ELSE 0 END) AS c{n}" for n, (*_s, i, j) in enumerate(steps))
    ctes.append(f"wide AS (SELECT g.gcol, g.gval, COUNT(*) AS pathed, SUM(1 - p.strayed) AS conforming{wide} "
                "FROM session_spans AS p JOIN sgroups AS g ON g.sid = p.sid GROUP BY g.gcol, g.gval)")
    # a user is counted once at a node however many of their sessions reach it
    seen = "".join(f", MAX(CASE WHEN p.f{i} IS NULL THEN 0 ELSE 1 END) AS h{i}" for i in range(len(nodes)))
    ctes.append(f"user_nodes AS (SELECT g.gcol, g.gval{seen} FROM session_spans AS p JOIN sgroups AS g "
                "ON g.sid = p.sid GROUP BY g.gcol, g.gval, g.uid)")
    ctes.append("users AS (SELECT gcol, gval" + "".join(f", SUM(h{i}) AS u{i}" for i in range(len(nodes)))
                + " FROM user_nodes GROUP BY gcol, gval)")
    ctes.append(f"names AS (SELECT * FROM {_values([(code, t) for t, code in touchpoint_codes(plan).items()], ('code', 'id'))})")
    per_group = "FROM wide AS w JOIN users AS u ON u.gcol = w.gcol AND u.gval = w.gval"
    selects = [
        ("'sessions'", "''", "gcol", "gval", "''", "''", "COUNT(*)", "COUNT(DISTINCT uid)", "SUM(n_events)",
         "FROM sgroups GROUP BY gcol, gval"),
        ("'period'", "''", "''", "''", "''", "''", "MIN(t0)", "MAX(t1)", "SUM(n_events)", "FROM firsts"),
        ("'unclaimed'", "''", "''", "''", "ev", "''", "COUNT(*)", "0", "0", f"FROM {claimed} WHERE tp IS NULL GROUP BY ev"),
        ("'undeclared'", "''", "g.gcol", "g.gval", "a.id", "b.id", "COUNT(*)", "0", "0",
         "FROM strays AS s JOIN sgroups AS g ON g.sid = s.sid JOIN names AS a ON a.code = s.src "
         "JOIN names AS b ON b.code = s.dst GROUP BY g.gcol, g.gval, a.id, b.id"),
        ("'conformance'", "''", "gcol", "gval", "''", "''", "pathed", "conforming", "0", "FROM wide"),
    ]
    selects += [("'node'", literal(level), "w.gcol", "w.gval", literal(ident), "''", f"r{i}", f"u{i}", "0",
                 f"{per_group} WHERE r{i} > 0") for i, (level, ident, _test) in enumerate(nodes)]
    selects += [("'step'", literal(level), "gcol", "gval", literal(a), literal(b), f"r{i}", f"c{n}", "0",
                 f"FROM wide WHERE r{i} > 0") for n, (level, a, b, i, _j) in enumerate(steps)]
    if c.value:
        selects.append(("'value'", "''", "gcol", "gval", "''", "''", "COUNT(*)", "0", "SUM(session_value)",
                        "FROM sgroups GROUP BY gcol, gval"))
    if plan.conversions:
        window_us = int(options.repeat_window_days) * 86_400_000_000
        converting = ", ".join(str(codes[t]) for t in plan.conversions)
        ctes.append(f"conversions AS (SELECT uid, ts FROM {claimed} WHERE tp IN ({converting}))")
        ctes.append("firstconv AS (SELECT uid, MIN(ts) AS t0 FROM conversions GROUP BY uid)")
        ctes.append("secondconv AS (SELECT f.uid, MIN(c.ts) AS t1 FROM firstconv AS f JOIN conversions AS c "
                    "ON c.uid = f.uid AND c.ts > f.t0 GROUP BY f.uid)")
        ctes.append("lastts AS (SELECT MAX(t1) AS last_ts FROM firsts)")
        ctes.append(f"cohorts AS (SELECT f.uid, STRFTIME(MAKE_TIMESTAMP(f.t0), '%Y-%m') AS cohort, "
                    f"CASE WHEN s.t1 IS NOT NULL AND s.t1 <= f.t0 + {window_us} THEN 1 ELSE 0 END AS repeated, "
                    f"f.t0 + {window_us} <= l.last_ts AS eligible, s.t1 - f.t0 AS gap_us "
                    "FROM firstconv AS f LEFT JOIN secondconv AS s ON s.uid = f.uid CROSS JOIN lastts AS l)")
        selects += [
            ("'cohort'", "''", "''", "''", "cohort", "''", "COUNT(*)", "SUM(repeated)", "0",
             "FROM cohorts WHERE eligible GROUP BY cohort"),
            ("'converting'", "''", "''", "''", "''", "''", "COUNT(*)", "SUM(CASE WHEN gap_us IS NOT NULL THEN 1 ELSE 0 END)",
             "MEDIAN(gap_us) / 86400000000.0", "FROM cohorts"),
        ]
    return f"WITH {', '.join(ctes)}\n" + "\nUNION ALL ".join(_select(*row) for row in selects)


def _select(kind, level, gcol, gval, a, b, n1, n2, x, rest) -> str:
    """One part of the result: the same nine typed, named columns in every part."""
    typed = [f"CAST({kind} AS VARCHAR)", f"CAST({level} AS VARCHAR)", f"CAST({gcol} AS VARCHAR)",
             f"CAST({gval} AS VARCHAR)", f"CAST({a} AS VARCHAR)", f"CAST({b} AS VARCHAR)",
             f"CAST({n1} AS DOUBLE)", f"CAST({n2} AS DOUBLE)", f"CAST({x} AS DOUBLE)"]
    return "SELECT " + ", ".join(f"{e} AS {name}" for e, name in zip(typed, RESULT_COLUMNS)) + " " + rest
