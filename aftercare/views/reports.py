"""Supervisors' reports: follow-up compliance and outcomes, as pages (chart + table) and CSV."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from aftercare.selectors.followup import followups_due_soon
from aftercare.selectors.outcomes import MEASURES, PRIMARY
from aftercare.selectors.outcomes import outcomes as outcomes_sel
from aftercare.selectors.reports import compliance as compliance_sel
from aftercare.selectors.reports import reported_label, step_labels
from recovery_portal import csvsafe, params
from recovery_portal.accounts.decorators import supervision_required
from recovery_portal.audit.services import audit_record


def _csv(filename: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    writer = csvsafe.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


def _compliance(request) -> dict:
    labels = step_labels(request.user)
    # The reported step (GPRA 6-month) by default; "all" shows every step together.
    reported = reported_label()
    label = params.choice(
        request, "followup", ["all", *labels], default=reported if reported in labels else "all"
    )
    label = "" if label == "all" else label
    data = compliance_sel(request.user, label=label)
    due, closing = followups_due_soon(request.user, limit=50)
    return {
        "data": data,
        "labels": labels,
        "label": label,
        "due": due,
        "closing": closing,
        "today": timezone.localdate(),
    }


@supervision_required
def compliance(request):
    context = _compliance(request)
    data = context["data"]
    context["chart"] = {
        "kind": "compliance",
        "labels": [m["label"] for m in data["months"]],
        "rates": [m["rate"] for m in data["months"]],
        "target": data["target"],
        "in_progress": data["in_progress"],
    }
    # The page names the clients whose follow-up is due or closing: each sees it.
    named = sorted({f.client_id for f in (*context["due"], *context["closing"])})
    audit_record(
        actor=request.user,
        action="aftercare.report.compliance",
        request=request,
        details={"client_ids": named},
    )
    return render(request, "aftercare/compliance.html", context)


@supervision_required
def compliance_csv(request):
    data = _compliance(request)["data"]
    rows = [
        ["month window closed", m["label"], m["due"], m["in_window"], m["late"], m["missed"]]
        + [m["rate"]]
        for m in data["months"]
    ]
    rows += [
        [
            "case manager",
            m["manager_name"] or m["manager_email"],
            m["due"],
            m["in_window"],
            m["late"],
            m["missed"],
            m["rate"],
        ]
        for m in data["managers"]
    ]
    o = data["overall"]
    rows.append(["overall", "all", o["due"], o["in_window"], o["late"], o["missed"], o["rate"]])
    p = data["in_progress"]
    rows.append(["in progress (window open)", "done so far of open", p["open"], p["done"]])
    rows += [["left out", e["reason"], e["count"]] for e in data["exclusions"]["left_out"]]
    rows += [
        ["closed, still counted", e["reason"], e["count"]] for e in data["exclusions"]["counted"]
    ]
    audit_record(actor=request.user, action="aftercare.report.compliance.csv", request=request)
    return _csv(
        f"follow-up-compliance-{timezone.localdate()}.csv",
        [
            "group",
            "name",
            "due (window closed)",
            "completed in window",
            "completed after the window",
            "not completed",
            "rate in window (%)",
        ],
        rows,
    )


def _year(request) -> int | None:
    return params.integer(request, "year", minimum=2000, maximum=2100)


@supervision_required
def outcomes(request):
    data = outcomes_sel(request.user, year=_year(request))
    shown = [
        r for r in data["rows"] if not r["suppressed"] and not r["measures"]["barc10"]["suppressed"]
    ]
    chart = {
        "kind": "outcomes",
        "labels": [f"{r['program']} · {r['point']}" for r in shown],
        "intake": [r["measures"]["barc10"]["intake"] for r in shown],
        "now": [r["measures"]["barc10"]["now"] for r in shown],
    }
    audit_record(actor=request.user, action="aftercare.report.outcomes", request=request)
    return render(request, "aftercare/outcomes.html", {"data": data, "chart": chart})


def _why(why: str) -> str:
    if why == "none":
        return "no one to compare"
    return "fewer than 11" if why == PRIMARY else "hidden so a small group cannot be worked out"


@supervision_required
def outcomes_csv(request):
    data = outcomes_sel(request.user, year=_year(request))
    header = ["program", "follow-up", "people"]
    for name in MEASURES:
        header += [f"{name} n", f"{name} at intake", f"{name} at follow-up", f"{name} change"]
    rows = []
    for r in data["rows"]:
        if r["suppressed"]:
            rows.append([r["program"], r["point"], _why(r["why"])] + [""] * 4 * len(MEASURES))
            continue
        row = [r["program"], r["point"], r["people"]]
        for name in MEASURES:
            m = r["measures"][name]
            if m["suppressed"]:
                row += [_why(m["why"])] + [""] * 3
            else:
                shown = [m["intake"], m["now"], m["change"]]
                row += [m["n"]] + ["not shown" if v is None else v for v in shown]
        rows.append(row)
    audit_record(actor=request.user, action="aftercare.report.outcomes.csv", request=request)
    return _csv(f"aftercare-outcomes-{timezone.localdate()}.csv", header, rows)
