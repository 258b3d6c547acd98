#!/usr/bin/env python3
"""Calendars and feeds read by the libraries people use: `icalendar` for the engagement calendars (RFC 5545) and
`feedparser` for the Atom feeds.

On the demo register, plus activities written through the API with hostile titles (semicolons, commas,
backslashes, line breaks, long runs of multi-byte characters) and times across the clock change:

1. `/activities.ics` parses; every line ends with CR LF and is at most 75 octets, never split inside a UTF-8
   sequence; it holds exactly the activities `/api/v1/activities` lists (filters too: `kind=webinar`,
   `theme=`); each event's UID is unique and the same on a second fetch; DTSTAMP is in UTC; SUMMARY equals the
   title exactly; whole-day events are dates (end exclusive) and timed events Europe/London times at the hour
   given, BST in summer and GMT in winter; URL is the activity's page;
2. `/activities/{id}.ics` holds that one event, equal to its entry in the whole calendar;
3. `/feeds/{kind}.atom` for datasets, activities, resources, research questions and findings parses without error, holds the newest 50 (or all)
   with unique ids and the records' titles, newest change first.

Usage: feeds.py --statlas BINARY
"""
import http.client, json, os, sys, time
from datetime import date, datetime, timedelta

import feedparser
import icalendar

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from statlas_server import bearer, demo_server, request  # noqa: E402

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def get(port, path):
    """The headers and the body's bytes, exactly as sent."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Connection": "close"})
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            sys.exit(f"{path}: {response.status} {body[:200]!r}")
        return {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


def every_activity(port, query=""):
    items, offset = [], 0
    while True:
        page = json.loads(get(port, f"/api/v1/activities?limit=200&offset={offset}{query}")[1])
        items += page["items"]
        offset += 200
        if offset >= page["total"]:
            return items


def lines_ok(raw, label):
    check(raw.endswith(b"\r\n"), f"{label}: does not end with CR LF")
    body = raw[:-2].split(b"\r\n")
    for n, line in enumerate(body):
        check(b"\n" not in line and b"\r" not in line, f"{label} line {n + 1}: a bare line break")
        check(len(line) <= 75, f"{label} line {n + 1}: {len(line)} octets")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            failures.append(f"{label} line {n + 1}: a UTF-8 sequence split by folding")


def events(raw):
    return [c for c in icalendar.Calendar.from_ical(raw).walk() if c.name == "VEVENT"]


def main():
    args, statlas, token = demo_server()
    port = statlas.port
    started = time.time()
    hostile = "Café; data, \\ “quotes”\nsecond line " + "é€😀" * 30
    written = []
    for n, (day, start, end) in enumerate([("2027-07-01", "09:30", "11:00"), ("2027-01-15", "18:45", "20:00"),
                                           ("2027-03-28", "00:30", "03:00")]):
        body = {"title": hostile + f" {n}", "kind": "webinar", "organiserIds": ["office-for-national-statistics"],
                "start": day, "startTime": start, "endTime": end, "mode": "online",
                "summary": "Line one\r\nLine two; with, commas"}
        status, _, answer = request(port, "POST", "/api/v1/activities", json.dumps(body),
                                    {**bearer(token), "Content-Type": "application/json"})
        if status != 201:
            sys.exit(f"creating an activity: {status} {answer[:300]!r}")
        written.append(json.loads(answer))

    activities = every_activity(port)
    headers, raw = get(port, "/activities.ics")
    check(headers.get("content-type", "").startswith("text/calendar"), "content type of /activities.ics")
    lines_ok(raw, "/activities.ics")
    calendar = events(raw)
    check(len(calendar) == len([a for a in activities if a.get("start")]),
          f"/activities.ics has {len(calendar)} events for {len(activities)} activities")
    uids = [str(e["UID"]) for e in calendar]
    check(len(set(uids)) == len(uids), "UIDs repeat")
    again = [str(e["UID"]) for e in events(get(port, "/activities.ics")[1])]
    check(sorted(again) == sorted(uids), "UIDs differ on a second fetch")
    by_url = {str(e["URL"]).rsplit("/", 1)[-1]: e for e in calendar}
    london = None
    for activity in activities:
        event = by_url.get(activity["id"])
        if event is None:
            failures.append(f"{activity['id']} is not in the calendar")
            continue
        check(str(event["SUMMARY"]) == activity["title"], f"{activity['id']} SUMMARY {str(event['SUMMARY'])[:40]!r}")
        check(event["DTSTAMP"].dt.tzinfo is not None and event["DTSTAMP"].dt.utcoffset() == timedelta(0),
              f"{activity['id']} DTSTAMP not in UTC")
        start = event["DTSTART"].dt
        first = date.fromisoformat(activity["start"])
        if activity.get("startTime"):
            hour, minute = map(int, activity["startTime"].split(":"))
            check(isinstance(start, datetime) and str(start.tzinfo).endswith("London") or "London" in str(event["DTSTART"].params.get("TZID")),
                  f"{activity['id']} DTSTART not in Europe/London")
            check((start.date(), start.hour, start.minute) == (first, hour, minute), f"{activity['id']} DTSTART {start}")
            london = london or start
            offset = start.utcoffset()
            summer = date(first.year, 3, 31) < first < date(first.year, 10, 24)
            check(offset == timedelta(hours=1 if summer else 0), f"{activity['id']}: UTC offset {offset} on {first}")
        else:
            last = date.fromisoformat(activity.get("end") or activity["start"])
            check(start == first and event["DTEND"].dt == last + timedelta(days=1), f"{activity['id']} whole days")
        single = events(get(port, f"/activities/{activity['id']}.ics")[1])
        check(len(single) == 1 and str(single[0]["UID"]) == str(event["UID"]) and single[0]["SUMMARY"] == event["SUMMARY"],
              f"/activities/{activity['id']}.ics differs")
    check(london is not None, "no timed event was checked")
    for query in ["kind=webinar", "theme=prices-and-cost-of-living", "audience=expert-users"]:
        expected = len(every_activity(port, "&" + query))
        got = len(events(get(port, "/activities.ics?" + query)[1]))
        check(got == expected, f"/activities.ics?{query}: {got} events, the list has {expected}")

    feeds = 0
    for kind, path in [("datasets", "/api/v1/datasets?sort=-updated&limit=50"),
                       ("activities", "/api/v1/activities?sort=-updated&limit=50"),
                       ("resources", "/api/v1/resources?sort=-updated&limit=50"),
                       ("research-questions", "/api/v1/research-questions?sort=-updated&limit=50"),
                       ("findings", "/api/v1/findings?limit=50")]:
        headers, raw = get(port, f"/feeds/{kind}.atom")
        check(headers.get("content-type", "").startswith("application/atom+xml"), f"{kind} feed content type")
        feed = feedparser.parse(raw)
        check(not feed.bozo, f"{kind} feed: {feed.get('bozo_exception')}")
        listed = json.loads(get(port, path)[1])
        expected = min(50, listed["total"])
        check(len(feed.entries) == expected, f"{kind} feed has {len(feed.entries)} entries, expected {expected}")
        ids = [e.id for e in feed.entries]
        check(len(set(ids)) == len(ids), f"{kind} feed ids repeat")
        titles = {i.get("title") or i.get("question") for i in listed["items"]}
        check(all(e.title in titles for e in feed.entries), f"{kind} feed titles differ from the records'")
        stamps = [e.updated_parsed for e in feed.entries]
        check(stamps == sorted(stamps, reverse=True), f"{kind} feed is not newest first")
        feeds += 1
    statlas.kill(15)
    print(f"icalendar: {len(calendar)} events ({sum(1 for a in activities if a.get('startTime'))} timed) and "
          f"{len(activities)} one-event calendars checked; feedparser: {feeds} Atom feeds; "
          f"{len(failures)} failure(s) in {time.time() - started:.1f} s")
    for failure in failures[:40]:
        print("  " + failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
