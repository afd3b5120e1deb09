import sendcpp.apps

#: The timeline events this app writes, with the sentence shown when no summary is given.
EVENT_KINDS = {
    "letter_sent": "Letter sent",
    "letter_pdf_failed": "The PDF of a letter could not be made",
    "letter_template_changed": "Letter wording changed",
}


class LettersConfig(sendcpp.apps.DomainAppConfig):
    name = "letters"
    verbose_name = "Letters and their wording"
    event_kinds = "letters.apps.EVENT_KINDS"
