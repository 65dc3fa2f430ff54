"""Build form posts for the demo courses' exercises, the way the page's form would."""

from app.exercises.kinds import display_order


def find(catalog, kind: str, audience: str = "participants", **match):
    """(course, module, step, exercise) of the first exercise of `kind` matching `match` in
    the courses of `audience`."""
    for course in catalog.courses_for(audience):
        for module in course.modules:
            for step in module.source.steps:
                ex = step.exercise
                if ex and ex.kind == kind and all(ex.get(k) == v for k, v in match.items()):
                    return course, module, step, ex
    raise LookupError(kind)


def url(course, module, step) -> str:
    return f"/courses/{course.slug}/{module.slug}/{step.id}/answer"


def position(exercise, field: str, key) -> str:
    keys = [str(item["key"]) for item in exercise[field]]
    return str(display_order(exercise.id, keys).index(str(key)))


def correct_form(exercise) -> dict:
    d = exercise
    if d.kind == "single_choice":
        key = next(o["key"] for o in d["options"] if o.get("correct"))
        return {"choice": position(d, "options", key)}
    if d.kind == "multiple_choice":
        return {
            "choice": [position(d, "options", o["key"]) for o in d["options"] if o.get("correct")]
        }
    if d.kind == "ordering":
        keys = [str(i["key"]) for i in d["items"]]
        shown = display_order(d.id, keys)
        return {f"position-{i}": str(keys.index(k) + 1) for i, k in enumerate(shown)}
    if d.kind == "matching":
        return {f"match-{p['key']}": position(d, "pairs", p["key"]) for p in d["pairs"]}
    raise ValueError(d.kind)


def wrong_form(exercise) -> dict:
    d = exercise
    if d.kind in ("single_choice", "multiple_choice"):
        key = next(o["key"] for o in d["options"] if not o.get("correct"))
        return {"choice": position(d, "options", key)}
    if d.kind == "ordering":
        keys = [str(i["key"]) for i in d["items"]]
        shown = display_order(d.id, keys)
        reversed_places = {k: len(keys) - keys.index(k) for k in keys}
        return {f"position-{i}": str(reversed_places[k]) for i, k in enumerate(shown)}
    if d.kind == "matching":
        keys = [str(p["key"]) for p in d["pairs"]]
        rotated = keys[1:] + keys[:1]
        return {f"match-{k}": position(d, "pairs", r) for k, r in zip(keys, rotated, strict=True)}
    raise ValueError(d.kind)


def top_of_scale_label(exercise) -> str:
    """The accessible name of a scale's highest point: its own label, or number and end label."""
    if exercise.get("labels"):
        return exercise["labels"][-1]
    return f"{exercise['max']} {exercise['high_label']}"
