"""Start a new year's working calendar for a country pack: calendar/<year>.csv with the holidays the law fixes to
the same date every year carried over, and a list of what the year's decrees must still add."""

import csv

from django.core.management.base import BaseCommand, CommandError

from concord.countries.calendar import HOLIDAY
from concord.countries.loader import CALENDAR_FILE, PackInvalid, available_packs, read_pack


class Command(BaseCommand):
    help = (
        "Write calendar/<year>.csv for a country pack: the fixed-date holidays of the latest year carried over, "
        "to be completed from the year's decrees (movable holidays, transferred working days, shortened days) and "
        "loaded with load_country."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("code", help=f"country code: {', '.join(available_packs())}")
        parser.add_argument("year", type=int, help="the year to add, e.g. 2028")
        parser.add_argument("--force", action="store_true", help="replace the year's file if it exists")

    def handle(self, *args, code: str, year: int, force: bool, **options) -> None:
        code = code.lower()
        try:
            pack = read_pack(code)
        except PackInvalid as error:
            raise CommandError(error.report(code, self.stderr.write)) from None
        folder = pack.folder / "calendar"
        target = folder / f"{year}.csv"
        if target.exists() and not force:
            raise CommandError(f"{code}/calendar/{year}.csv exists: edit it, or use --force to start it again.")
        years = sorted(int(match.group(1)) for path in folder.iterdir() if (match := CALENDAR_FILE.match(path.name)))
        earlier = [known for known in years if known < year]
        if not earlier:
            raise CommandError(f"{code}/calendar/ has no year before {year} to carry holidays over from.")
        source_year = earlier[-1]
        rows = [row for row in pack.calendar if row["date"].year == source_year]
        name_columns = [f"name_{language}" for language in pack.allowed_name_languages]
        carried, to_announce = [], []
        for row in rows:
            if row["kind"] == HOLIDAY and row["yearly"]:
                try:
                    day = row["date"].replace(year=year)
                except ValueError:  # 29 February
                    to_announce.append(row)
                    continue
                carried.append((day, row))
            else:
                to_announce.append(row)
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["date", "kind", "yearly", "source", *name_columns])
            for day, row in carried:
                writer.writerow(
                    [
                        day.isoformat(),
                        HOLIDAY,
                        "yes",
                        row["source"],
                        *(row.get(column, "") for column in name_columns),
                    ]
                )
        self.stdout.write(f"Wrote {code}/calendar/{year}.csv: {len(carried)} fixed-date holidays from {source_year}.")
        if to_announce:
            self.stdout.write(f"Add from the {year} decrees (in {source_year} these were):")
            for row in to_announce:
                label = row.get("name_en") or row["kind"]
                self.stdout.write(f"  {row['date']:%d %b} {row['kind']}: {label}")
        self.stdout.write(
            "Then add any transferred working days and shortened days, give each row its source, and run "
            f"`manage.py load_country {code} --check` and `manage.py load_country {code}`."
        )
