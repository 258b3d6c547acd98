#!/usr/bin/env python3
"""Journeys: the questions people bring to Statlas, walked in real headless Chromium from the home page as a
person would (following links, typing names, never ids), at desktop width. Each journey asserts what the
answer says and that it takes at most three page loads (signing in aside). Prints, for each, the loads taken
and the answer's key sentence.

Usage: journeys.py --statlas BINARY [--reference-data DIR]
"""
import argparse, os, shutil, sys, time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from statlas_server import PASSWORD, Statlas  # noqa: E402

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("  FAIL", message)


class Person:
    """A browser that counts the pages it loads."""

    def __init__(self, base):
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"]:
            options.add_argument(flag)
        self.driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
        self.base, self.loads = base, 0

    def home(self):
        self.loads = 0
        self.open("/")

    def open(self, path):
        self.driver.get(self.base + path)
        self.loads += 1

    def follow(self, text):
        """Follows the first link whose text is `text` (exactly, or starting with it)."""
        anchors = self.driver.find_elements(By.TAG_NAME, "a")
        links = [a for a in anchors if a.text.strip() == text] or [a for a in anchors if a.text.strip().startswith(text)]
        check(links, f"no link '{text}' on {self.driver.current_url}")
        if links:
            before = self.driver.current_url
            self.driver.execute_script("arguments[0].click()", links[0])
            self.settle(before)

    def type(self, field_id, text, clear=True):
        element = self.driver.find_element(By.ID, field_id)
        if element.tag_name == "select":
            Select(element).select_by_visible_text(text)
        else:
            if clear:
                element.clear()
            element.send_keys(text)

    def submit(self, form="main form"):
        before = self.driver.current_url
        self.driver.execute_script("arguments[0].querySelector('button[type=submit], button').click()",
                                   self.driver.find_element(By.CSS_SELECTOR, form))
        self.settle(before, posted=True)

    def settle(self, before, posted=False):
        deadline = time.time() + 20
        while time.time() < deadline and self.driver.current_url == before and not posted:
            time.sleep(0.05)
        time.sleep(0.3)
        self.loads += 1

    def open_filters(self):
        """Opens a collapsed "Filters" box (details), as a person clicks it."""
        for summary in self.driver.find_elements(By.CSS_SELECTOR, "details.filters:not([open]) > summary"):
            summary.click()

    def text(self):
        return self.driver.find_element(By.TAG_NAME, "main").text


def journey(name, person, run, limit=3):
    print(name)
    try:
        said = run()
    except Exception as error:  # a missing element is a failed journey, reported with the others
        check(False, f"{name}: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}")
        return
    check(person.loads <= limit, f"{name}: {person.loads} page loads (at most {limit})")
    print(f"  {person.loads} page loads; the page says: {said}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--statlas", required=True)
    parser.add_argument("--reference-data")
    args = parser.parse_args()
    statlas = Statlas(args.statlas)
    statlas.admin_token()  # an administrator, admin@example.org, to sign in as
    statlas.start("--demo", *(["--reference-data", args.reference_data] if args.reference_data else []))
    person = Person(f"http://127.0.0.1:{statlas.port}")
    started = time.time()
    try:
        def housing_in_cardiff():
            person.home()
            person.follow("Who to contact")
            person.type("f-theme", "Housing")
            person.type("f-area", "Cardiff")
            person.submit()
            text = person.text()
            check("Contacts for Housing in Cardiff" in text, "Cardiff: the answer is not for Cardiff")
            check("Welsh Government" in text, "Cardiff: the Welsh Government is not suggested")
            check("Scottish Government" not in text.split("Networks and user groups")[0].split("Producers to contact")[-1],
                  "Cardiff: a Scottish body is suggested as a producer to contact")
            return next(line for line in text.splitlines() if line.startswith("Contacts for"))

        def missing_for_scotland():
            person.home()
            person.follow("Who to contact")
            person.type("f-theme", "Housing")
            person.type("f-area", "Scotland")
            person.submit()
            text = person.text()
            check("Not published for Scotland" in text, "Scotland: no gap is named")
            check("Welsh Government user engagement champion" not in text, "Scotland: the Welsh champion is suggested")
            return next((line for line in text.splitlines() if "Not published for Scotland" in line), "")

        def who_deals_with():
            person.home()
            person.type("home-search", "Manchester City Council")
            person.submit("main form[role=search]")
            person.follow("Manchester City Council")
            text = person.text()
            check("Who deals with Manchester City Council" in text, "stakeholder: no 'who deals with' section")
            check("Department for Levelling Up" in text or "Ministry of Housing" in text or "Office for National Statistics" in text,
                  "stakeholder: no owner named")
            section = text.split("Who deals with Manchester City Council", 1)[-1].splitlines()
            return " ".join(line for line in section[:3] if line.strip())[:160]

        def upcoming():
            person.home()
            person.follow("Upcoming engagement")
            text = person.text()
            check("Organised by" in text, "upcoming: activities show no organiser")
            check(any(month in text for month in ["January", "February", "March", "April", "May", "June", "July", "August",
                                                  "September", "October", "November", "December"]), "upcoming: no dates")
            return next((line for line in text.splitlines() if "Organised by" in line), "")

        def past_feedback():
            person.home()
            person.follow("Engagement insight")
            person.follow("Done")
            text = person.text()
            check("You said, we did" in text and "Added tenure and income decile breakdowns" in text,
                  "feedback: the tracker does not list what was done")
            return next((line for line in text.splitlines() if line.startswith("Actions from")), "")

        def champion():
            person.home()
            person.type("home-search", "Department for Work and Pensions")
            person.submit("main form[role=search]")
            person.follow("Department for Work and Pensions")
            text = person.text()
            check("No user engagement champion is recorded for this organisation." in text, "champion: the absence is not said")
            return "No user engagement champion is recorded for this organisation."

        def barriers():
            person.home()
            person.follow("Collaborations")
            person.type("f-organisation", "ONS")
            person.type("f-factorKind", "Barrier")
            person.submit()
            text = person.text()
            found = person.driver.find_element(By.ID, "results-heading").text
            results = person.driver.find_element(By.CSS_SELECTOR, ".result-list").text
            check(found.endswith("found") and not found.startswith("0"), f"barriers: {found}")
            check("Welsh Government" in results or "Scottish Government" in results or "Northern Ireland" in results,
                  "barriers: no devolved government among them")
            return found + ": " + results.splitlines()[0] if results else found

        def labour_market_map():
            person.home()
            person.follow("Coverage")
            person.open_filters()
            person.type("f-theme", "Labour Market")
            person.submit()
            svgs = person.driver.find_elements(By.CSS_SELECTOR, "figure svg")
            check(any("hex" in (svg.get_attribute("id") or "") or svg.find_elements(By.TAG_NAME, "polygon") for svg in svgs),
                  "labour market: no hex map")
            text = person.text()
            return next((line for line in text.splitlines() if "local authorit" in line.lower()), "")[:160]

        def brokers():
            person.home()
            person.follow("Network")
            text = person.text()
            check("broker" in text, "brokers: the network names no broker")
            return next((line for line in text.splitlines() if "broker is" in line), "")[:160]

        def add_activity():
            person.loads = 0
            person.open("/sign-in")
            person.type("f-email", "admin@example.org")
            person.type("f-password", PASSWORD)
            person.submit()
            person.loads = 0  # signing in lands on the home page, which offers the form
            person.follow("Add an activity")
            person.type("f-organiserIds", "Nobody at all")
            person.type("f-signedUp", "40")
            person.type("f-attended", "many")
            person.submit()
            first = person.driver.find_elements(By.CSS_SELECTOR, ".error-summary a")
            check(len(first) >= 4, f"add activity: the first attempt reports {len(first)} mistakes, not all at once")
            person.type("f-title", "Journey check webinar")
            person.type("f-kind", "Webinar")
            # The organisers field's autocomplete, by keyboard: type part of a name, Down, Enter.
            field = person.driver.find_element(By.ID, "f-organiserIds")
            field.clear()
            field.send_keys("Office for Nat")
            listbox = person.driver.find_element(By.ID, "f-organiserIds-listbox")
            deadline = time.time() + 10
            while time.time() < deadline and not listbox.is_displayed():
                time.sleep(0.1)
            check(listbox.is_displayed() and listbox.get_attribute("role") == "listbox",
                  "add activity: the organisers field offers no names while typing")
            field.send_keys(Keys.ARROW_DOWN)
            field.send_keys(Keys.ENTER)
            chosen = field.get_attribute("value").strip()
            check(chosen == "Office for National Statistics", f"add activity: the autocomplete chose {chosen!r}")
            # A single reference is a combobox: its expanded state and chosen option are announced.
            place = person.driver.find_element(By.ID, "f-locationAreaId")
            place.clear()
            place.send_keys("Cardif")
            deadline = time.time() + 10
            while time.time() < deadline and place.get_attribute("aria-expanded") != "true":
                time.sleep(0.1)
            check(place.get_attribute("role") == "combobox" and place.get_attribute("aria-expanded") == "true",
                  "add activity: the location field offers no places while typing")
            place.send_keys(Keys.ARROW_DOWN)
            check(bool(place.get_attribute("aria-activedescendant")), "add activity: no option is announced as chosen")
            place.send_keys(Keys.ENTER)
            check(place.get_attribute("value") == "Cardiff" and place.get_attribute("aria-expanded") == "false",
                  f"add activity: the location autocomplete chose {place.get_attribute('value')!r}")
            person.type("f-start-day", "12")
            person.type("f-start-month", "3")
            person.type("f-start-year", "2027")
            person.type("f-attended", "32")
            person.submit()
            text = person.text()
            check("has been saved" in text and "Journey check webinar" in text, "add activity: not saved after the corrections")
            check("/activities/journey-check-webinar" in person.driver.current_url, "add activity: no readable address")
            return f"{len(first)} mistakes reported at once, then \"The activity has been saved\" at {person.driver.current_url.split(str(statlas.port))[-1]}"

        def confirm_equivalent():
            person.home()
            person.type("home-search", "Adult obesity prevalence")
            person.submit("main form[role=search]")
            person.follow("Adult obesity prevalence")
            text = person.text()
            check("Suggested equivalents" in text and "Adult obesity prevalence (Scotland)" in text,
                  "equivalent: the Scottish figures are not suggested")
            person.submit("form.decision-form")
            text = person.text()
            check("The equivalent has been recorded" in text, "equivalent: confirming did not record it")
            equivalents = text.split("Equivalent datasets elsewhere", 1)[-1]
            check("Adult obesity prevalence (Scotland)" in equivalents.split("Details")[0],
                  "equivalent: not listed among the equivalents")
            return "The equivalent has been recorded; Equivalent datasets elsewhere: Adult obesity prevalence (Scotland)"

        def what_research_found():
            person.home()
            person.follow("Research findings")
            person.follow("Capacity and time hold collaboration back")
            text = person.text()
            check("Reported as a barrier by 20 of 30 interviewees" in text, "findings: the sentence is not on the finding's page")
            check("Capacity and time" in text.split("Factors it concerns", 1)[-1], "findings: the factor is not linked")
            return next(line for line in text.splitlines() if line.startswith("Reported as"))

        def code_a_paragraph():
            # An administrator joins the demo study's team (its content is the team's alone), then codes a turn
            # of an interview without JavaScript's help: the paragraph's own form.
            person.loads = 0
            person.open("/studies")
            person.follow("Collaborating on regional data (demo study: invented interviews and survey)")
            person.follow("Add someone to the team")
            person.type("f-email", "admin@example.org")
            person.driver.find_element(By.CSS_SELECTOR, "input[name=role][value=coder]").click()
            person.submit()
            person.open("/studies")
            person.follow("Collaborating on regional data (demo study: invented interviews and survey)")
            person.follow("Interview with P01")
            form = "li#p5 form"
            select = person.driver.find_element(By.CSS_SELECTOR, form + " select")
            Select(select).select_by_visible_text("Enabler › Leadership support")
            person.submit(form)
            text = person.text()
            check("#p5" in person.driver.current_url, "coding: not returned to the paragraph")
            rows = [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
                    for row in person.driver.find_elements(By.CSS_SELECTOR, "section[aria-labelledby=codings] tbody tr")]
            rows = [" — ".join(row[:2]) for row in rows if row and row[0] == "Leadership support" and "invented" not in row[1]]
            check(bool(rows), "coding: the new coding is not listed with its coder")
            marked = person.driver.find_elements(By.CSS_SELECTOR, "li#p5 mark")
            check(bool(marked), "coding: the paragraph is not highlighted")
            return f"{rows[0] if rows else ''} (paragraph 5 highlighted)"

        for name, run, limit in [
            ("Whom to contact about housing in Cardiff", housing_in_cardiff, 3),
            ("What is missing for Scotland", missing_for_scotland, 3),
            ("Who already deals with Manchester City Council, and who owns the relationship", who_deals_with, 3),
            ("What engagement is coming up", upcoming, 3),
            ("What happened to past feedback", past_feedback, 3),
            ("Who the champion is for the Department for Work and Pensions", champion, 3),
            ("Barriers ONS's collaborations with the devolved governments report", barriers, 3),
            ("Which local authorities have labour-market data at their level, on the map", labour_market_map, 3),
            ("Who the brokers in the collaboration network are", brokers, 3),
            ("What research found about capacity and time as a barrier", what_research_found, 3),
            ("Signing in and adding an activity after a first attempt with several mistakes", add_activity, 3),
            ("Confirming a suggested equivalent of Adult obesity prevalence (signed in; the fourth load is the one-step confirmation)", confirm_equivalent, 4),
            ("An administrator joins the demo study's team and codes a paragraph without JavaScript", code_a_paragraph, 8),
        ]:
            journey(name, person, run, limit)
    finally:
        person.driver.quit()
        statlas.kill(15)
    print(f"Journeys: {len(failures)} failures in {time.time() - started:.0f} s")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
