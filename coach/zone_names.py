"""Names people type for a time zone that the zone database itself doesn't carry.

Abbreviations point at a city that keeps daylight saving: the database's own EST, MST and
HST are fixed offsets, so a New Yorker typing "EST" would be an hour off all summer. Big
cities that no zone is named after point at the zone they live by. Countries come from the
zone database's own tables (see `coach.timezones`); a few everyday country names are added.
"""

NEW_YORK, CHICAGO, DENVER, LOS_ANGELES = (
    "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
)

ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("est", "edt", "et", "eastern", "eastern time", "us eastern"), (NEW_YORK,)),
    **dict.fromkeys(("cst", "cdt", "ct", "central", "central time", "us central"), (CHICAGO,)),
    **dict.fromkeys(("mdt", "mountain", "mountain time", "us mountain"), (DENVER,)),
    "mst": (DENVER, "America/Phoenix"),
    **dict.fromkeys(("pst", "pdt", "pt", "pacific", "pacific time", "us pacific"),
                    (LOS_ANGELES,)),
    **dict.fromkeys(("akst", "akdt", "alaska"), ("America/Anchorage",)),
    **dict.fromkeys(("hst", "hawaii"), ("Pacific/Honolulu",)),
    "bst": ("Europe/London",),
    "ist": ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"),
    "cest": ("CET",),
    "eest": ("EET",),
    "msk": ("Europe/Moscow",),
    "sast": ("Africa/Johannesburg",),
    "jst": ("Asia/Tokyo",),
    "kst": ("Asia/Seoul",),
    "hkt": ("Asia/Hong_Kong",),
    "sgt": ("Asia/Singapore",),
    **dict.fromkeys(("aest", "aedt"), ("Australia/Sydney",)),
    **dict.fromkeys(("acst", "acdt"), ("Australia/Adelaide",)),
    "awst": ("Australia/Perth",),
    **dict.fromkeys(("nzst", "nzdt"), ("Pacific/Auckland",)),
    "brt": ("America/Sao_Paulo",),
}

_CITIES: dict[str, tuple[str, ...]] = {
    NEW_YORK: ("nyc", "new york city", "manhattan", "brooklyn", "boston", "washington", "dc",
               "washington dc", "philadelphia", "miami", "atlanta", "baltimore", "pittsburgh",
               "charlotte", "orlando", "tampa"),
    CHICAGO: ("dallas", "houston", "austin", "san antonio", "minneapolis", "st louis",
              "saint louis", "kansas city", "nashville", "new orleans", "milwaukee"),
    DENVER: ("salt lake city", "boulder", "albuquerque", "colorado springs"),
    LOS_ANGELES: ("la", "san francisco", "sf", "seattle", "portland", "san diego",
                  "las vegas", "sacramento", "san jose", "oakland"),
    "America/Toronto": ("ottawa", "montreal", "quebec"),
    "Europe/London": ("edinburgh", "manchester", "glasgow", "birmingham", "liverpool",
                      "bristol", "leeds", "cardiff", "belfast"),
    "Europe/Berlin": ("munich", "munchen", "muenchen", "hamburg", "frankfurt", "cologne",
                      "koln", "koeln", "stuttgart", "dusseldorf", "duesseldorf", "leipzig",
                      "dresden", "hanover", "hannover", "nuremberg", "nurnberg"),
    "Europe/Paris": ("lyon", "marseille", "nice", "toulouse", "bordeaux", "lille"),
    "Europe/Madrid": ("barcelona", "valencia", "seville", "sevilla", "bilbao", "malaga"),
    "Europe/Rome": ("milan", "florence", "naples", "turin", "venice", "bologna"),
    "Europe/Zurich": ("geneva", "basel", "bern", "lausanne"),
    "Europe/Amsterdam": ("rotterdam", "the hague", "utrecht", "eindhoven"),
    "Europe/Warsaw": ("krakow", "gdansk", "wroclaw", "poznan"),
    "Europe/Moscow": ("st petersburg", "saint petersburg"),
    "Africa/Johannesburg": ("cape town", "durban", "pretoria"),
    "Asia/Kolkata": ("delhi", "new delhi", "mumbai", "bombay", "bangalore", "bengaluru",
                     "chennai", "hyderabad", "pune", "ahmedabad"),
    "Asia/Shanghai": ("beijing", "shenzhen", "guangzhou", "hangzhou", "chengdu"),
    "Asia/Tokyo": ("osaka", "kyoto", "yokohama", "nagoya", "sapporo", "fukuoka"),
    "Asia/Seoul": ("busan", "incheon"),
    "Asia/Jerusalem": ("tel aviv",),
    "Asia/Dubai": ("abu dhabi",),
    "Australia/Sydney": ("canberra", "newcastle"),
    "Australia/Brisbane": ("gold coast",),
    "Pacific/Auckland": ("wellington", "christchurch"),
    "America/Sao_Paulo": ("rio", "rio de janeiro", "brasilia", "belo horizonte"),
}

CITIES: dict[str, tuple[str, ...]] = {
    city: (zone,) for zone, cities in _CITIES.items() for city in cities
}

COUNTRY_ALIASES: dict[str, str] = {
    "usa": "US", "us": "US", "america": "US", "united states of america": "US",
    "uk": "GB", "united kingdom": "GB", "great britain": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "south korea": "KR", "korea": "KR", "holland": "NL", "the netherlands": "NL",
    "czechia": "CZ", "russia": "RU", "vietnam": "VN", "turkiye": "TR", "burma": "MM",
    "swaziland": "SZ",
}
