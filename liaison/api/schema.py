"""Corrections to the generated OpenAPI schema."""

LOCAL_TIME = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$"


def local_times(result, generator, request, public):
    """Times of day here (reception hours) are local wall-clock times such as "09:00:00", without
    the UTC offset that the JSON Schema "time" format requires: describe them by a pattern instead."""

    def walk(node):
        if isinstance(node, dict):
            if node.get("format") == "time" and node.get("type") == "string":
                del node["format"]
                node["pattern"] = LOCAL_TIME
                node.setdefault("example", "09:00:00")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
