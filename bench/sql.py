"""The hand-written SQL the dashboard figures are measured against: the same figures as
`suggestions.selectors.handling_rates`, aggregated on the suggestion table alone, names joined after."""

FIGURES = """
    count(*) AS submitted,
    count(*) FILTER (WHERE status NOT IN ('declined', 'merged', 'withdrawn')) AS registered,
    count(*) FILTER (WHERE status IN ('assigned', 'handling', 'replied', 'closed')) AS assigned,
    count(*) FILTER (WHERE status = 'closed') AS closed,
    count(*) FILTER (WHERE replied_at IS NOT NULL) AS replied,
    count(*) FILTER (WHERE replied_at IS NOT NULL AND replied_on_time) AS on_time,
    count(*) FILTER (WHERE satisfaction <> '') AS judged,
    count(*) FILTER (WHERE satisfaction IN ('satisfied', 'basic')) AS satisfied,
    count(*) FILTER (WHERE replied_at IS NOT NULL AND result = 'A') AS result_a,
    count(*) FILTER (WHERE replied_at IS NOT NULL AND result = 'B') AS result_b,
    count(*) FILTER (WHERE replied_at IS NOT NULL AND result = 'C') AS result_c,
    count(*) FILTER (WHERE replied_at IS NOT NULL AND result = 'D') AS result_d,
    count(*) FILTER (WHERE replied_at IS NOT NULL AND face_to_face) AS face_to_face,
    count(*) FILTER (WHERE status IN ('assigned', 'handling') AND due_on < %(today)s) AS overdue,
    count(*) FILTER (WHERE key_supervision) AS key_supervised
"""
SUMS = ", ".join(
    f"sum({c})::int AS {c}"
    for c in (
        "submitted registered assigned closed replied on_time judged satisfied result_a result_b result_c result_d"
        " face_to_face overdue key_supervised"
    ).split()
)
PERIOD = "submitted_at >= %(start)s AND submitted_at < %(end)s"

PER_UNIT = f"""
WITH figures AS (
    SELECT lead_unit_id, {FIGURES} FROM suggestions_suggestion WHERE {PERIOD} GROUP BY lead_unit_id
)
SELECT figures.*, unit.name FROM figures
LEFT JOIN suggestions_handlingunit unit ON unit.id = figures.lead_unit_id
ORDER BY figures.lead_unit_id
"""

PER_CATEGORY_MONTH = f"""
WITH figures AS (
    SELECT category_id, date_trunc('month', submitted_at AT TIME ZONE 'Asia/Shanghai') AS month, {FIGURES}
    FROM suggestions_suggestion WHERE {PERIOD} GROUP BY 1, 2
)
SELECT coalesce(category.parent_id, category.id) AS top, coalesce(parent.name, category.name) AS name,
       figures.month, {SUMS}
FROM figures
LEFT JOIN suggestions_category category ON category.id = figures.category_id
LEFT JOIN suggestions_category parent ON parent.id = category.parent_id
GROUP BY 1, 2, 3 ORDER BY 1, 3
"""
