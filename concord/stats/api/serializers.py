from __future__ import annotations

from rest_framework import serializers


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    definition = serializers.CharField()
    unit = serializers.CharField()
    source = serializers.CharField()
    dimensions = serializers.ListField(child=serializers.CharField())
    dates = serializers.ListField(child=serializers.CharField(), help_text="The dates it may be counted by.")


class CellSerializer(serializers.Serializer):
    value = serializers.IntegerField(allow_null=True, help_text="Null where the cell is hidden.")
    text = serializers.CharField(help_text='As published: the count, "<5" for a small one, "x" for a protecting one.')


class CategorySerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True)
    label = serializers.CharField()


class RowSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True)
    label = serializers.CharField()
    cells = CellSerializer(many=True)
    total = CellSerializer()


class TableSerializer(serializers.Serializer):
    indicator = IndicatorSerializer()
    counted_by = serializers.CharField()
    year_from = serializers.IntegerField()
    year_to = serializers.IntegerField()
    by = serializers.CharField(allow_blank=True)
    threshold = serializers.IntegerField(help_text="Counts from 1 to one less than this are hidden.")
    columns = CategorySerializer(many=True)
    rows = RowSerializer(many=True)
    column_totals = CellSerializer(many=True, allow_null=True)
    total = CellSerializer()
    hidden_cells = serializers.IntegerField()
    consent_required = serializers.BooleanField(
        help_text="Whether the country counts only the records of survivors who consented to statistical use."
    )
    left_out = CellSerializer(help_text="The records that requirement left out of the table (0 where there is none).")
    counted_at = serializers.DateTimeField(
        allow_null=True,
        help_text="When the counts were made, for a whole country's year that has ended (counted each night); "
        "null when they were counted for this request.",
    )


class LegalChangeSerializer(serializers.Serializer):
    key = serializers.CharField()
    day = serializers.DateField()
    label = serializers.CharField()


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField(help_text="The day after the period.")


class ComparedRowSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True)
    label = serializers.CharField()
    before = CellSerializer()
    after = CellSerializer()
    before_share = serializers.CharField(allow_blank=True, help_text="Percent of the period's total; blank if hidden.")
    after_share = serializers.CharField(allow_blank=True)


class ComparisonSerializer(serializers.Serializer):
    indicator = IndicatorSerializer()
    change = LegalChangeSerializer()
    months = serializers.IntegerField(help_text="On each side: shortened to the whole months since the change.")
    counted_by = serializers.CharField()
    before = PeriodSerializer()
    after = PeriodSerializer()
    threshold = serializers.IntegerField()
    rows = ComparedRowSerializer(many=True)
    before_total = CellSerializer()
    after_total = CellSerializer()
    before_monthly = serializers.CharField(allow_blank=True, help_text="The total a month on average; blank if hidden.")
    after_monthly = serializers.CharField(allow_blank=True)
    consent_required = serializers.BooleanField()
    caution = serializers.CharField(help_text="What such a comparison can and cannot show.")


class ExportSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=["table_csv", "table_xlsx", "yearly_pdf"])
    indicator = serializers.CharField(required=False, allow_blank=True, help_text="For a table: the indicator's code.")
    params = serializers.DictField(
        child=serializers.CharField(),
        required=False,
        help_text='For a table: its filters, as the table endpoint takes them; for the yearly report: {"year": …}.',
    )
    language = serializers.CharField(required=False, help_text="en, az, ru or sq (default: the request's).")
    status = serializers.CharField(read_only=True, help_text="queued, running, done or failed.")
    progress = serializers.IntegerField(read_only=True, help_text="Percent.")
    requested_at = serializers.DateTimeField(read_only=True)
    finished_at = serializers.DateTimeField(read_only=True, allow_null=True)
    download = serializers.CharField(read_only=True, allow_null=True, help_text="Where the file is, once done.")
