from concord.common.registry import CodeRegistry

# Every kind a notification may be of. Apps keep their kinds as TextChoices in their own choices.py (e.g.
# cases.choices.CaseNotification) and register them in their AppConfig.ready().
notification_kinds = CodeRegistry("notification kind")
