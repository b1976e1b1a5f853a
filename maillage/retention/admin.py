"""Retention rules are platform settings: kept in the technical admin (no patient data here)."""

from django import forms
from django.contrib import admin

from maillage.retention.models import RetentionRule
from maillage.retention.registry import kinds


class RetentionRuleForm(forms.ModelForm):
    record_kind = forms.ChoiceField(label="Type d'enregistrement", choices=())

    class Meta:
        model = RetentionRule
        fields = [
            "network",
            "record_kind",
            "active_days",
            "archive_days",
            "valid_from",
            "legal_basis",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_kind"].choices = [(k.code, k.label) for k in kinds().values()]


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    form = RetentionRuleForm
    list_display = ["record_kind", "network", "active_days", "archive_days", "valid_from"]
    list_filter = ["record_kind", "network"]
