#!/usr/bin/env python3
"""Accessibility conformance: drives real headless Chromium over every page template of a running Statlas
(list, detail, search, who to contact, each form in its normal and error state, sign-in, static and error
pages), runs axe-core 4.x on each and fails on any WCAG 2.2 A/AA violation; then measures each page at 390 px
and fails when it is wider than the phone (sideways scrolling). Saves screenshots of key pages at both widths.

Usage: accessibility.py --statlas PATH_TO_BINARY [--reference-data DIR] [--screenshots DIR]
The script starts its own server on a free port with a fresh demo database and an editor account.
"""
import argparse, glob, json, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request, zipfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
EMAIL, PASSWORD = "conformance@example.org", "conformance password 2026"
EDITOR = "editor@example.org"
COLLECTIONS = ["organisations", "people", "themes", "areas", "datasets", "collaborations", "activities", "relationships", "factors", "resources", "research-questions"]


def axe_source():
    """axe.min.js from the axe-playwright-python wheel (downloaded with pip; no browser download)."""
    cache = os.path.join(tempfile.gettempdir(), "statlas-axe")
    os.makedirs(cache, exist_ok=True)
    wheels = glob.glob(os.path.join(cache, "axe_playwright_python-*.whl"))
    if not wheels:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", cache, "axe-playwright-python>=0.1.8"], check=True)
        wheels = glob.glob(os.path.join(cache, "axe_playwright_python-*.whl"))
    with zipfile.ZipFile(sorted(wheels)[-1]) as wheel:
        return wheel.read("axe_playwright_python/axe.min.js").decode("utf-8")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(binary, reference_data):
    data = tempfile.mkdtemp(prefix="statlas-a11y-")
    subprocess.run([binary, "user", "create", "--email", EMAIL, "--name", "Conformance Checker", "--admin", "--password-stdin", "--data-dir", data],
                   input=PASSWORD + "\n", text=True, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    args = [binary, "serve", "--demo", "--data-dir", data, "--port", str(port)]
    if reference_data:
        args += ["--reference-data", reference_data]
    log = open(os.path.join(data, "serve.log"), "w")
    server = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            subprocess.run([binary, "user", "create", "--email", EDITOR, "--name", "Conformance Editor", "--editor", "office-for-national-statistics",
                            "--password-stdin", "--data-dir", data], input=PASSWORD + "\n", text=True, check=True, stdout=subprocess.DEVNULL)
            return server, base, data
        except Exception:
            if server.poll() is not None:
                sys.exit("statlas serve stopped: see " + log.name)
            time.sleep(0.25)
    sys.exit("statlas serve did not start in time")


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1000"]:
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)


class Checker:
    def __init__(self, driver, base, axe, screenshots):
        self.driver, self.base, self.axe, self.screenshots = driver, base, axe, screenshots
        self.results = []

    def check(self, name, path=None, screenshot=None):
        if path is not None:
            self.driver.get(self.base + path)
        self.driver.execute_script(self.axe)
        result = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: %s}, resultTypes: ['violations']})"
            ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})))).catch(e => done([{id: 'axe-error', help: String(e), nodes: []}]));"
            % json.dumps(TAGS))
        title = self.driver.title
        if screenshot and self.screenshots:
            self.driver.save_screenshot(os.path.join(self.screenshots, screenshot))
        # The same page on a 390 px phone: nothing may make the page scroll sideways (wide tables scroll
        # inside their own labelled, focusable container; the navigation folds into a menu).
        self.driver.set_window_size(390, 1000)
        try:
            width, viewport = self.driver.execute_script(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if width > viewport:
                wide = self.driver.execute_script(
                    "const v = document.documentElement.clientWidth; return Array.from(document.querySelectorAll('body *'))"
                    ".filter(e => e.getBoundingClientRect().right > v + 1 && !e.closest('.table-wrapper, .visually-hidden'))"
                    ".slice(0, 3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && e.className.baseVal === undefined ? '.' + String(e.className).split(' ')[0] : ''))")
                result = result + [{"id": "wider-than-phone", "impact": "serious",
                                    "help": f"At 390 px the page is {width} px wide", "nodes": wide}]
            if screenshot and self.screenshots:
                self.driver.save_screenshot(os.path.join(self.screenshots, screenshot.replace(".png", "-390.png")))
        finally:
            self.driver.set_window_size(1280, 1000)
        self.results.append((name, self.driver.current_url.replace(self.base, ""), title, result))
        return result

    def first_link(self, collection):
        self.driver.get(self.base + "/" + collection)
        links = self.driver.find_elements(By.CSS_SELECTOR, ".result-list a[href^='/%s/']" % collection)
        return links[0].get_attribute("href").replace(self.base, "") if links else None

    def submit(self):
        self.driver.execute_script("document.querySelector('main form[method=post] button[type=submit]').click()")
        time.sleep(0.2)


def wait_for_text(driver, text, seconds=15):
    """Whether the page shows `text` within the time (a form's answer after a submit)."""
    for _ in range(seconds * 10):
        if text in driver.page_source:
            return True
        time.sleep(0.1)
    return False


def upload_files(c, driver, base, demo):
    """A browser uploads real files: a Word transcript on the document form, then a codebook from another QDA tool
    on the import form; each lands where it should and each page is checked."""
    folder = tempfile.mkdtemp(prefix="statlas-uploads-")
    docx = os.path.join(folder, "Interview notes.docx")
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml",
                         '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                         '<w:p><w:r><w:t>Interviewer: what helps?</w:t></w:r></w:p>'
                         '<w:p><w:r><w:t>P02: shared dashboards, uploaded from Word</w:t></w:r></w:p></w:body></w:document>')
    driver.get(base + demo + "/documents/new")
    choices = driver.find_elements(By.CSS_SELECTOR, "select#f-participantId")
    if choices:
        Select(choices[0]).select_by_index(1)
    else:
        driver.find_element(By.CSS_SELECTOR, "input[name=participantId]").click()
    driver.find_element(By.ID, "f-title").send_keys("Uploaded interview notes")
    driver.find_element(By.ID, "f-file").send_keys(docx)
    c.submit()
    if not wait_for_text(driver, "P02: shared dashboards, uploaded from Word"):
        sys.exit("uploading a Word transcript from the browser did not show its text: " + driver.current_url)
    c.check("a study document uploaded from Word")
    qdc = os.path.join(folder, "codebook.qdc")
    with open(qdc, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
                '<Code guid="c0a1b2c3-0000-4000-8000-000000000001" name="Uploaded from another tool" isCodable="true"/>'
                '</Codes></CodeBook>')
    driver.get(base + demo + "/import")
    driver.find_element(By.ID, "f-file").send_keys(qdc)
    c.submit()
    if not wait_for_text(driver, "Imported codebook.qdc"):
        sys.exit("importing a codebook from the browser did not report it: " + driver.current_url)
    c.check("what an import from a QDA tool added")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--statlas", required=True)
    parser.add_argument("--reference-data")
    parser.add_argument("--screenshots")
    parser.add_argument("--dataset", default="demo-welsh-local-labour-market", help="the dataset page to screenshot")
    arguments = parser.parse_args()
    if arguments.screenshots:
        os.makedirs(arguments.screenshots, exist_ok=True)
    server, base, data = start_server(arguments.statlas, arguments.reference_data)
    driver = browser()
    try:
        c = Checker(driver, base, axe_source(), arguments.screenshots)
        # The check itself must be able to fail: a page with known violations has to be reported.
        driver.get("data:text/html,<html><body><img src='x.png'><a href='#'></a></body></html>")
        known = {v["id"] for v in c.check("self-test (must fail)")}
        c.results.pop()
        if not {"image-alt", "html-has-lang"} <= known:
            sys.exit("axe-core did not report the known violations of the self-test page: " + ", ".join(sorted(known)))
        c.check("home", "/", "home.png")
        c.check("search results", "/search?q=population")
        c.check("search without results", "/search?q=zzqqxx")
        c.check("search error", "/search?q=")
        c.check("who to contact (empty)", "/contact")
        c.check("who to contact (answer)", "/contact?theme=labour-market&area=Cardiff", "contact.png")
        c.check("who to contact (a closed producer's successor, long web addresses)", "/contact?theme=housing&area=Durham")
        c.check("collaboration network", "/network", "network.png")
        c.check("network by community, sorted, grouped by nation", "/network?colour=community&sort=degree&group=nation&isolates=true")
        c.check("network (errors)", "/network?from.day=31&from.month=2&from.year=2024&nation=mars")
        c.check("network with no ties", "/network?organisationKind=international&sources=memberships")
        c.check("organisation with its network (ego view)", "/organisations/welsh-statistical-liaison-committee", "ego.png")
        c.check("coverage and gaps with the hex map", "/coverage?theme=labour-market", "coverage.png")
        c.check("coverage of everything", "/coverage")
        c.check("coverage (errors)", "/coverage?theme=no-such-theme&dataset=nope")
        c.check("coverage with no match", "/coverage?q=zzzzzz")
        c.check("engagement insight", "/insight/engagement", "engagement.png")
        c.check("engagement insight, filtered", "/insight/engagement?kind=webinar&audience=expert-users&from=2023-01-01")
        c.check("engagement insight (errors)", "/insight/engagement?from.day=31&from.month=2&from.year=2024&mode=by-pigeon")
        c.check("engagement insight with nothing", "/insight/engagement?kind=podcast")
        c.check("you said, we did", "/actions")
        c.check("you said, we did, filtered by a name", "/actions?organisation=ONS&status=done")
        c.check("you said, we did (errors)", "/actions?organisation=Office&status=finished")
        c.check("list with a name that means several organisations", "/datasets?producer=Office")
        c.check("stakeholder map", "/organisations/office-for-national-statistics/stakeholder-map", "stakeholder-map.png")
        c.check("stakeholder map for a dataset", "/organisations/office-for-national-statistics/stakeholder-map?dataset=demo-benefits-by-health-condition")
        c.check("stakeholder map (errors)", "/organisations/office-for-national-statistics/stakeholder-map?dataset=no-such-dataset")
        c.check("organisation dealt with by others", "/organisations/manchester-city-council")
        c.check("accessibility statement", "/accessibility")
        c.check("cookies", "/cookies")
        c.check("not found", "/no-such-page")
        c.check("list with filter error", "/areas?level=galaxy")
        details = {}
        for collection in COLLECTIONS:
            c.check(f"{collection} list", f"/{collection}")
            details[collection] = c.first_link(collection)
            if details[collection]:
                c.check(f"{collection} detail", details[collection])
        c.check("dataset page", "/datasets/" + arguments.dataset, "dataset.png")
        c.check("area page", "/areas/W06000015")
        c.check("sign-in", "/sign-in")
        c.submit()
        c.check("sign-in (error)")
        driver.get(base + "/sign-in")
        driver.find_element(By.ID, "f-email").send_keys(EMAIL)
        driver.find_element(By.ID, "f-password").send_keys(PASSWORD)
        c.submit()
        for collection in COLLECTIONS:
            c.check(f"{collection} new form", f"/{collection}/new")
            c.submit()
            c.check(f"{collection} new form (errors)")
            if details[collection]:
                c.check(f"{collection} edit form", details[collection] + "/edit")
                c.check(f"{collection} delete confirmation", details[collection] + "/delete")
        c.check("organisation page signed in", "/organisations/office-for-national-statistics")
        c.check("home page signed in (add forms)", "/", "home-signed-in.png")
        c.check("research studies", "/studies")
        c.check("start a study", "/studies/new")
        c.submit()
        c.check("start a study (errors)")
        driver.find_element(By.ID, "f-title").send_keys("Conformance study")
        driver.execute_script("document.getElementById('f-kind-0').click()")
        c.submit()
        c.check("a study's page (its team)", None, "study.png")
        study_path = "/" + driver.current_url.split("/", 3)[-1].split("?")[0]
        c.check("a study's team (remove buttons)", study_path + "/team")
        c.check("add someone to a study's team", study_path + "/team/new")
        # The demo's research study, after the administrator joins its team; its public findings.
        c.check("research findings", "/findings")
        finding = driver.find_elements(By.CSS_SELECTOR, "main a[href^='/findings/']")
        if finding:
            c.check("a research finding (a disclosure-controlled table)", finding[0].get_attribute("href").replace(base, ""))
        c.check("a factor's page with what research found", "/factors/capacity-time")
        driver.get(base + "/studies")
        team = driver.find_element(By.PARTIAL_LINK_TEXT, "Collaborating on regional data").get_attribute("href").replace(base, "")
        driver.get(base + team + "/new")
        driver.find_element(By.ID, "f-email").send_keys(EMAIL)
        driver.find_element(By.CSS_SELECTOR, "input[name=role][value=coder]").click()
        c.submit()
        demo = team.rsplit("/team", 1)[0]
        c.check("the demo study's page", demo)
        document = driver.find_element(By.PARTIAL_LINK_TEXT, "Interview with P01").get_attribute("href").replace(base, "")
        survey = driver.find_element(By.CSS_SELECTOR, "section[aria-labelledby=surveys] a").get_attribute("href").replace(base, "")
        c.check("a study document with codings and a form per paragraph", document, "study-document.png")
        c.check("a study's participants", demo + "/participants")
        c.check("a study's codebook", demo + "/codebook")
        c.check("a study's analysis", demo + "/analysis")
        c.check("a study's analysis, as published, by organisation kind", demo + "/analysis?by=organisationKind&disclosure=controlled", "study-analysis.png")
        c.check("a survey's table", survey + "?question=Q2&by=organisationKind")
        c.check("a study's findings (approve and withdraw)", demo + "/findings")
        # (An empty participant form is valid: the next pseudonym, nothing else.)
        c.check("add a participant", demo + "/participants/new")
        for name, path in [("add a document", "/documents/new"), ("add a code", "/codebook/new"),
                           ("add a survey", "/surveys/new")]:
            c.check(name, demo + path)
            c.submit()
            c.check(name + " (errors)")
        c.check("add survey responses", survey + "/responses/new")
        c.check("import from a QDA tool", demo + "/import")
        c.submit()
        c.check("import from a QDA tool (errors)")
        upload_files(c, driver, base, demo)
        c.check("write a memo on a document", document + "/memos/new")
        c.check("draft a finding", demo + "/findings/new?kind=frequency&codeId=barrier")
        c.submit()
        c.check("draft a finding (errors)")
        driver.get(base + demo + "/analysis")
        agreement = driver.find_element(By.CSS_SELECTOR, "a[href*='/agreement?coders=']").get_attribute("href").replace(base, "")
        c.check("agreement between two coders", agreement)
        c.check("dataset page with suggested equivalents to confirm", "/datasets/adult-obesity-prevalence",
                "suggested-equivalents.png")
        if details["people"]:
            c.check("person page (administrator)", details["people"])
            c.check("erase confirmation", details["people"] + "/erase")
        c.check("people due for review", "/admin/review")
        c.check("your account", "/account")
        driver.find_element(By.CSS_SELECTOR, "main form button").click()
        c.check("set up two-factor authentication")
        c.submit()
        c.check("set up two-factor authentication (errors)")
        c.check("user accounts", "/admin/users")
        c.check("invite a user", "/admin/users/new")
        c.submit()
        c.check("invite a user (errors)")
        driver.get(base + "/admin/users/new")
        driver.find_element(By.ID, "f-name").send_keys("Invited Person")
        driver.find_element(By.ID, "f-email").send_keys("invited@example.org")
        driver.find_element(By.ID, "f-role-0").click()
        c.submit()
        c.check("user accounts with invitation link")
        link = driver.find_element(By.CSS_SELECTOR, "code").text
        driver.delete_all_cookies()
        c.check("choose your password", link[link.index("/invitations/"):])
        c.submit()
        c.check("choose your password (errors)")
        # An editor of the ONS tries to record a relationship that the Welsh Government manages: refused on the field.
        driver.delete_all_cookies()
        driver.get(base + "/sign-in")
        driver.find_element(By.ID, "f-email").send_keys(EDITOR)
        driver.find_element(By.ID, "f-password").send_keys(PASSWORD)
        c.submit()
        driver.get(base + "/relationships/new")
        for field, value in (("f-ownerOrganisationId", "welsh-government"), ("f-stakeholderOrganisationId", "office-for-national-statistics")):
            element = driver.find_element(By.ID, field)  # a list to choose from, or a box for the id when there are many
            Select(element).select_by_value(value) if element.tag_name == "select" else element.send_keys(value)
        driver.find_element(By.ID, "f-power").send_keys("3")
        driver.find_element(By.ID, "f-interest").send_keys("3")
        c.submit()
        c.check("relationship refused: speaks for another organisation (errors)", screenshot="claim-refused.png")
        if "You cannot name Welsh Government" not in driver.page_source:
            sys.exit("the editor's refused relationship does not say why on the form")
        c.check("themes list for an editor (no Add button)", "/themes")
    finally:
        driver.quit()
        server.terminate()
        server.wait()
        shutil.rmtree(data, ignore_errors=True)

    failures = 0
    print(f"{'page':40} {'violations':>10}  title")
    for name, path, title, violations in c.results:
        print(f"{name:40} {len(violations):>10}  {title}")
        for v in violations:
            failures += 1
            print(f"    {v['id']} ({v.get('impact')}): {v['help']} at {', '.join(v['nodes'])}")
    error_pages = [r for r in c.results if "(error" in r[0] or "errors" in r[0]]
    missing_prefix = [r[0] for r in error_pages if not r[2].startswith("Error:")]
    if missing_prefix:
        failures += len(missing_prefix)
        print("error states without the 'Error:' title prefix:", ", ".join(missing_prefix))
    print(f"\naxe-core on {len(c.results)} pages (WCAG 2.2 A/AA tags): {failures} violation(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
