import Hummingbird

/// The accessibility statement and the cookies page.
enum StaticPages {
    static func accessibility(_ pages: PageRenderer, _ context: StatlasRequestContext) -> Response {
        pages.textPage(
            title: "Accessibility statement",
            blocks: [
                BlockView(paragraphs: [
                    "This statement applies to this Statlas service. We want as many people as possible to be able to use it. You should be able to change colours, contrast levels and fonts using your browser; zoom up to 400% without text spilling off the screen; navigate the whole service using just a keyboard or speech recognition software; and listen to it using a screen reader.",
                    "Every page works without JavaScript. Pages follow the GOV.UK Design System patterns.",
                ]),
                BlockView(
                    subheading: "Compliance status",
                    paragraphs: [
                        "This service is designed to meet the Web Content Accessibility Guidelines version 2.2 AA standard. Every page template, including forms in their error state, is checked with axe-core in a real browser each time the software changes, and must show no WCAG 2.2 A or AA violations."
                    ]),
                BlockView(
                    subheading: "Known limitations",
                    bullets: [
                        "Records that refer to large collections (such as the 1,300 GOV.UK organisations) are chosen by typing the record's identifier rather than from a list.",
                        "Reference data imported from other publishers may contain abbreviations that are not expanded.",
                    ]),
                BlockView(
                    subheading: "Reporting problems and enforcement",
                    paragraphs: [
                        "If you find a problem not listed here, contact the team that runs this Statlas, who will reply within 5 working days.",
                        "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support Service (EASS).",
                    ]),
                BlockView(
                    subheading: "Preparation of this statement",
                    paragraphs: [
                        "This statement was prepared on 21 November 2026 and is checked with every release by the automated conformance tests."
                    ]),
            ], context: context)
    }

    static func cookies(_ pages: PageRenderer, _ context: StatlasRequestContext) -> Response {
        pages.textPage(
            title: "Cookies",
            blocks: [
                BlockView(paragraphs: [
                    "Statlas puts small files (known as cookies) on your computer only when they are essential for the service to work. We do not use analytics, advertising or tracking cookies, so we do not ask for your consent."
                ]),
                BlockView(
                    subheading: "Essential cookies",
                    paragraphs: [
                        "On secure (HTTPS) sites these names start with __Host-."
                    ],
                    bullets: [
                        "statlas-session: keeps you signed in. It is set when you sign in and removed when you sign out; it stops working after 30 minutes without use or 12 hours after signing in.",
                        "statlas-form: protects the sign-in form against cross-site request forgery. It is set when you open the sign-in page and expires after 2 hours.",
                    ]),
            ], context: context)
    }
}
