from django.apps import AppConfig


class LiaisonConfig(AppConfig):
    name = "liaison"
    verbose_name = "代表与组织"

    def ready(self):
        from liaison.audit import register_audited_models

        register_audited_models()
