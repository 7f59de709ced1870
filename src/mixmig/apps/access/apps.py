from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "mixmig.apps.access"
    label = "access"
    verbose_name = "Agencies, users, roles and scopes"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from mixmig.apps.access.models import User
        from mixmig.apps.access.services import _forget_user_tokens

        def user_changed(sender, instance, **kwargs):
            _forget_user_tokens(instance.pk)  # a changed role, scope or deactivation applies at once

        post_save.connect(user_changed, sender=User, dispatch_uid="mixmig-access-user-changed", weak=False)
