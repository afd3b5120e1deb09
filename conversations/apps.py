import sendcpp.apps


class ConversationsConfig(sendcpp.apps.DomainAppConfig):
    name = "conversations"
    verbose_name = "Messages between families and the SEND team"
    event_kinds = "conversations.services.EVENT_KINDS"
    access_clauses = "conversations.access.CLAUSES"
