import StatlasCore
import Testing

@Suite("Study documents' text: normalised, and caption files read as turns")
struct DocumentTextTests {
    @Test("UTF-8 text loses its BOM, CR and CRLF become LF, lines lose trailing spaces; lengths are in scalars")
    func normalise() {
        let text = DocumentText.normalise("\u{FEFF}Line one  \r\nLine two\rCafe\u{301} ☕️\t\n\n\n")
        #expect(text == "Line one\nLine two\nCafe\u{301} ☕️")
        #expect(text.unicodeScalars.count == 26)
        #expect(text.count == 24)  // Characters differ from scalars: positions are never counted in Characters
    }

    @Test("WebVTT: voices become speakers, cues of one speaker join, timings, numbers, notes and markup go")
    func webVTT() throws {
        let vtt = """
            WEBVTT

            NOTE recorded by the meeting tool

            1
            00:00:01.000 --> 00:00:04.000
            <v Researcher>Thank you for joining.</v>

            2
            00:00:04.500 --> 00:00:07.000
            <v Participant 3>We share data with the <i>council</i>
            every quarter.

            3
            00:00:07.000 --> 00:00:09.000
            <v Participant 3>Trust matters most.
            """
        let text = try DocumentText.read(vtt, format: .vtt)
        #expect(
            text
                == "Researcher: Thank you for joining.\nParticipant 3: We share data with the council every quarter. Trust matters most."
        )
        #expect(throws: StatlasError.self) {
            try DocumentText.read("1\n00:00:01,000 --> 00:00:02,000\nHi", format: .vtt)
        }
    }

    @Test("SubRip: a leading name is the speaker; a cue without timing is refused")
    func subRip() throws {
        let srt =
            "1\r\n00:00:01,000 --> 00:00:02,500\r\nInterviewer: What gets in the way?\r\n\r\n2\r\n00:00:03,000 --> 00:00:05,000\r\nP01: Capacity, mostly.\r\n"
        #expect(
            try DocumentText.read(srt, format: .srt) == "Interviewer: What gets in the way?\nP01: Capacity, mostly.")
        #expect(throws: StatlasError.self) { try DocumentText.read("1\nno timing here", format: .srt) }
    }

    @Test("Numbered speakers are told apart; brackets that are not caption tags are words; references are decoded")
    func speakersAndBrackets() throws {
        let srt = """
            1
            00:00:01,000 --> 00:00:02,000
            Speaker 1: fewer than <5 staff, maybe > 3 in the <i>team</i>

            2
            00:00:02,000 --> 00:00:03,000
            Speaker 2: {\\an8}we use {curly} notes
            """
        #expect(
            try DocumentText.read(srt, format: .srt)
                == "Speaker 1: fewer than <5 staff, maybe > 3 in the team\nSpeaker 2: we use {curly} notes")
        let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Speaker 1>Fish &amp; chips &lt;b&gt;\n"
        #expect(try DocumentText.read(vtt, format: .vtt) == "Speaker 1: Fish & chips <b>")
    }
}
