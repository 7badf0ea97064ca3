from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "groups"
    label = "peer_groups"  # "groups" would be confused with django.contrib.auth's groups
    verbose_name = "Peer groups and meetings"
