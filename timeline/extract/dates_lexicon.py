"""Word tables for the temporal-expression finder (timeline.extract.dates).

Pure data: every table is a plain mapping or frozenset, lower-case keys. The patterns in
``dates_patterns`` are built from these tables, so adding a word here is enough.
"""

from __future__ import annotations

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

# Month names that are also common words or given names: as a bare month ("in May") they
# need a cue word before them; with a day or a year ("May 7", "May 2024") they are fine.
AMBIGUOUS_MONTHS: frozenset[str] = frozenset(
    {"may", "march", "mar", "april", "apr", "june", "jun", "august", "aug", "jan", "sep", "dec"}
)

# Words that, right before a bare month name, make it a month ("in May", "since March").
MONTH_CUES: frozenset[str] = frozenset(
    {
        "in", "last", "this", "next", "since", "early", "mid", "late", "by", "until", "till",
        "from", "through", "throughout", "during", "before", "after", "between", "of",
        "around", "coming", "past", "end", "start", "beginning", "middle", "for", "on",
        "late-", "mid-", "early-", "end-",
    }
)  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip

# A weekday name inside a proper name is not a date ("Bloody Sunday", "the Sunday Times").
WEEKDAY_BEFORE_BLOCK: frozenset[str] = frozenset(
    {"bloody", "black", "super", "good", "easter", "palm", "ash", "holy", "cyber", "maundy",
     "mail on"}
)  # fmt: skip
WEEKDAY_AFTER_BLOCK: frozenset[str] = frozenset(
    {"times", "telegraph", "mail", "express", "herald", "post", "mirror", "independent",
     "star", "school", "service", "observer", "tribune", "review", "edition", "magazine"}
)  # fmt: skip

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30,
}  # fmt: skip

# Spelled-out years, as in broadcast transcripts: "nineteen ninety-six", "two thousand one".
UNITS_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9,
}  # fmt: skip
TEENS_WORDS: dict[str, int] = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS_WORDS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip

ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
}  # fmt: skip

SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI",
}  # fmt: skip
# first month and number of months a season covers (northern hemisphere, TIMEX3 usage)
SEASON_MONTHS: dict[str, int] = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

# fixed-date holidays: name (lower case, straight apostrophe) -> (month, day)
HOLIDAYS: dict[str, tuple[int, int]] = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "new year's day": (1, 1), "new year's eve": (12, 31), "valentine's day": (2, 14),
    "halloween": (10, 31),
}  # fmt: skip

# relative day words -> offset in days from the publication date
DAY_WORDS: dict[str, int] = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "tomorrow": 1,
    "the day before yesterday": -2, "the day after tomorrow": 2,
}  # fmt: skip

# anaphoric day phrases -> offset in days from the last day mentioned before them
ANAPHORIC_DAYS: dict[str, int] = {
    "the following day": 1, "the next day": 1, "the previous day": -1,
    "the same day": 0, "that same day": 0,
}  # fmt: skip

# standard TIMEX3 reference values
REF_WORDS: dict[str, str] = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "recently": "PAST_REF",
    "the future": "FUTURE_REF", "the near future": "FUTURE_REF",
    "the distant future": "FUTURE_REF", "the foreseeable future": "FUTURE_REF",
    "the past": "PAST_REF",
}  # fmt: skip

# Words before a four-digit number that make it a year ("in 2022", "fiscal 1987").
YEAR_CUES: frozenset[str] = frozenset(
    {
        "in", "since", "by", "until", "till", "from", "of", "during", "before", "after", "for",
        "through", "throughout", "to", "between", "and", "or", "early", "late", "mid",
        "fiscal", "year", "calendar", "circa", "the", "a", "its", "their", "his", "her",
        "this", "that", "spring", "summer", "autumn", "fall", "winter", "season", "end",
        "around", "on", "as", "than", "beyond", "last", "next",
    }
)  # fmt: skip
# Words before a four-digit number that make it NOT a year ("Section 2024", "$2000").
YEAR_BLOCKERS: frozenset[str] = frozenset(
    {
        "section", "article", "chapter", "paragraph", "rule", "resolution", "no", "number",
        "flight", "room", "route", "highway", "model", "version", "item", "code", "form",
        "page", "suite", "unit", "fy", "hr", "sb", "hb", "bill", "at", "about", "some",
        "nearly", "almost", "approximately", "roughly", "over", "only", "just", "total",
        "exactly", "up", "down", "gmt", "minus", "plus", "pct", "usd", "rs", "pt",
    }
)  # fmt: skip
# Words after a four-digit number that make it a quantity or a time ("2000 troops").
YEAR_AFTER_BLOCKERS: frozenset[str] = frozenset(
    {
        "percent", "per", "pct", "gmt", "utc", "est", "edt", "hours", "hrs", "local", "bst",
        "cet", "mln", "million", "billion", "bln", "dlrs", "dollars", "yen", "tonnes",
        "tons", "barrels", "bags", "shares", "people", "troops", "soldiers", "km", "kg",
        "miles", "feet", "metres", "meters", "points", "units", "vehicles", "cars", "times",
        "members", "votes", "hectares", "acres", "pounds", "marks", "francs", "euros",
    }
)  # fmt: skip

# Tense cues for choosing which occurrence of "Tuesday" / "May 7" is meant.
FUTURE_WORDS: frozenset[str] = frozenset(
    {
        "will", "'ll", "’ll", "shall", "wo", "next", "upcoming", "scheduled", "slated", "due",
        "expected", "plans", "plan", "planning", "intends", "would", "going", "set",
        "forthcoming", "coming", "tomorrow", "later", "await", "awaits", "awaiting",
    }
)  # fmt: skip
PRESENT_TRAVEL_VERBS: frozenset[str] = frozenset(
    {
        "travels", "leaves", "arrives", "visits", "heads", "begins", "starts", "opens",
        "meets", "holds", "departs", "returns", "hosts", "flies", "goes", "comes", "attends",
        "kicks", "launches", "signs", "embarks", "resumes", "ends", "concludes", "closes",
        "runs", "lasts", "continues", "takes", "welcomes", "receives", "convenes",
    }
)  # fmt: skip
PAST_WORDS: frozenset[str] = frozenset(
    {
        "was", "were", "had", "did", "ago", "last", "earlier", "yesterday", "met", "held",
        "went", "came", "left", "began", "took", "made", "gave", "told", "saw", "spoke", "sat",
        "won", "lost", "got", "sent", "brought", "led", "paid", "sought", "fought", "struck",
        "flew", "rose", "fell", "ran", "drove", "wrote", "became", "found", "kept", "felt",
        "stood", "understood", "chose", "broke", "shot", "hit", "beat", "bought", "sold",
        "caught", "taught", "threw", "wore", "grew", "knew", "drew", "forgot", "swore",
        "hosted", "has", "have", "previously",
    }
)  # fmt: skip
REPORT_VERBS: frozenset[str] = frozenset(
    {"said", "told", "announced", "reported", "stated", "added", "noted", "declared",
     "confirmed", "disclosed", "revealed", "wrote"}
)  # fmt: skip
# words ending in -ed that are not past-tense verbs, or point to the future
ED_NOT_PAST: frozenset[str] = frozenset(
    {
        "scheduled", "expected", "planned", "slated", "proposed", "intended", "based",
        "armed", "united", "need", "speed", "feed", "seed", "breed", "indeed", "red", "bed",
        "shed", "hundred", "related", "limited", "advanced", "detailed", "concerned",
        "interested", "supposed", "required", "dedicated", "designed", "aimed", "called",
        "named", "anticipated", "invited",
    }
)  # fmt: skip
BE_FORMS: frozenset[str] = frozenset({"is", "are", "am", "'s", "’s", "'re", "’re", "be"})
