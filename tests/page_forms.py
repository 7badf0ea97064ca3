"""Every form on a page, read from its HTML as a browser would, and submitted once per choice
(each submit button with a name, each radio value): for "no offered action fails" tests."""

from __future__ import annotations

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action") or "",
                "fields": {},
                "radios": {},
                "buttons": [],
            }
            self.forms.append(self._current)
        elif self._current is None:
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            name = attrs.get("name")
            if kind == "submit":
                self._current["buttons"].append((name, attrs.get("value", "")))
            elif not name:
                return
            elif kind == "radio":
                self._current["radios"].setdefault(name, []).append(attrs.get("value", ""))
            elif kind != "checkbox" or "checked" in attrs:
                self._current["fields"][name] = attrs.get("value", "")
        elif tag == "button" and (attrs.get("type") or "submit") == "submit":
            self._current["buttons"].append((attrs.get("name"), attrs.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def submissions(html: str, page_url: str) -> list[tuple[str, str, dict]]:
    """(method, url, data) for every way a person can submit a form of the page."""
    parser = _Forms()
    parser.feed(html)
    out = []
    for form in parser.forms:
        url = form["action"] or page_url
        variants = [dict(form["fields"])]
        for name, values in form["radios"].items():
            variants = [{**v, name: value} for v in variants for value in values]
        for variant in variants:
            for name, value in form["buttons"] or [(None, "")]:
                data = dict(variant)
                if name:
                    data[name] = value
                out.append((form["method"], url, data))
    return out


def statuses_of_every_submission(client, user, page_url: str) -> list[tuple[str, int]]:
    """Sign ``user`` in afresh before each submission (one may be "Sign out") and answer the
    status of each; the page is read once."""
    client.force_login(user)
    html = client.get(page_url).content.decode()
    results = []
    for method, url, data in submissions(html, page_url):
        client.force_login(user)
        response = client.post(url, data) if method == "post" else client.get(url, data)
        results.append((f"{method} {url} {sorted(data.items())}", response.status_code))
    return results
