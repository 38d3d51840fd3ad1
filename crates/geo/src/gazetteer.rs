//! The compiled-in gazetteer (`data/gazetteer.tsv.gz`, built by `cargo xtask build gazetteer`
//! from GeoNames data, CC BY 4.0): countries, US states and the cities of over 15,000 people,
//! with coordinates, population, alternate names and, for countries, demonyms. Decoded once
//! per process into a [`OnceLock`] on first use and shared by all threads.

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

use crate::normal::{key, loose_key};

static DATA: &[u8] = include_bytes!("../data/gazetteer.tsv.gz");

/// What a gazetteer place is, coarsest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Country,
    /// A first-level division (today: US states).
    Region,
    /// A country's capital city.
    Capital,
    City,
}

impl Kind {
    /// The precision a resolved mention of this kind has: `country`, `region` or `city`.
    pub fn precision(self) -> &'static str {
        match self {
            Kind::Country => "country",
            Kind::Region => "region",
            Kind::Capital | Kind::City => "city",
        }
    }
}

/// One gazetteer place.
#[derive(Clone, Debug)]
pub struct Place {
    pub geonameid: u64,
    pub kind: Kind,
    /// ISO 3166-1 alpha-2 of the place's country.
    pub iso2: String,
    /// ISO 3166-1 alpha-3 of the place's country (empty when the country is not in the table).
    pub iso3: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub name: String,
}

/// How a name matched a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// The place's main name.
    Name,
    /// One of its alternate names.
    Alternate,
    /// A demonym or adjective of a country ("Kazakh", "Russian").
    Demonym,
    /// Only the loose transliteration key matched ("Janaozen" for Zhanaozen).
    Loose,
}

/// The gazetteer: places and name indexes.
pub struct Gazetteer {
    pub places: Vec<Place>,
    by_key: HashMap<String, Vec<(u32, Via)>>,
    by_loose: HashMap<String, Vec<u32>>,
    demonyms: HashMap<String, u32>,
    country_of: HashMap<String, u32>,
}

/// An error reading the compiled-in data (a corrupt build, never user input).
#[derive(Debug)]
pub struct Corrupt(pub String);

impl std::fmt::Display for Corrupt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "corrupt gazetteer: {}", self.0)
    }
}

impl std::error::Error for Corrupt {}

static GAZETTEER: OnceLock<Result<Gazetteer, Corrupt>> = OnceLock::new();

impl Gazetteer {
    /// The compiled-in gazetteer, decoded on first use.
    pub fn get() -> Result<&'static Gazetteer, &'static Corrupt> {
        GAZETTEER.get_or_init(|| Gazetteer::from_gzip(DATA)).as_ref()
    }

    /// Decodes a gzip'd gazetteer table.
    pub fn from_gzip(bytes: &[u8]) -> Result<Gazetteer, Corrupt> {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes).read_to_string(&mut text).map_err(|e| Corrupt(e.to_string()))?;
        Gazetteer::from_tsv(&text)
    }

    /// Reads the table: `kind geonameid iso2 iso3 lat lon population name alternates demonyms`.
    pub fn from_tsv(text: &str) -> Result<Gazetteer, Corrupt> {
        let mut g = Gazetteer { places: Vec::new(), by_key: HashMap::new(), by_loose: HashMap::new(), demonyms: HashMap::new(), country_of: HashMap::new() };
        let mut iso3_of: HashMap<String, String> = HashMap::new();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let [kind, id, iso2, iso3, lat, lon, pop, name, alts, demonyms] = f.as_slice() else {
                return Err(Corrupt(format!("line {}: {} fields", n + 1, f.len())));
            };
            let kind = match *kind {
                "country" => Kind::Country,
                "region" => Kind::Region,
                "capital" => Kind::Capital,
                "city" => Kind::City,
                other => return Err(Corrupt(format!("line {}: kind {other}", n + 1))),
            };
            let num = |s: &str| s.parse::<f64>().map_err(|_| Corrupt(format!("line {}: number {s}", n + 1)));
            let idx = g.places.len() as u32;
            g.places.push(Place {
                geonameid: id.parse().map_err(|_| Corrupt(format!("line {}: id", n + 1)))?,
                kind,
                iso2: iso2.to_string(),
                iso3: iso3.to_string(),
                lat: num(lat)?,
                lon: num(lon)?,
                population: pop.parse().unwrap_or(0),
                name: name.to_string(),
            });
            if kind == Kind::Country {
                iso3_of.insert(iso2.to_string(), iso3.to_string());
                g.country_of.insert(iso2.to_string(), idx);
            }
            g.add_name(name, idx, Via::Name);
            for a in alts.split('|').filter(|a| !a.is_empty()) {
                g.add_name(a, idx, Via::Alternate);
            }
            for d in demonyms.split('|').filter(|a| !a.is_empty()) {
                g.demonyms.entry(key(d)).or_insert(idx);
            }
        }
        for p in &mut g.places {
            if p.iso3.is_empty() {
                p.iso3 = iso3_of.get(&p.iso2).cloned().unwrap_or_default();
            }
        }
        for v in g.by_key.values_mut() {
            v.sort_unstable_by_key(|(i, via)| (*i, *via != Via::Name));
            v.dedup_by_key(|(i, _)| *i);
        }
        for v in g.by_loose.values_mut() {
            v.sort_unstable();
            v.dedup();
        }
        if g.places.is_empty() {
            return Err(Corrupt("no places".into()));
        }
        Ok(g)
    }

    fn add_name(&mut self, name: &str, idx: u32, via: Via) {
        let k = key(name);
        if k.is_empty() {
            return;
        }
        self.by_loose.entry(loose_key(name)).or_default().push(idx);
        self.by_key.entry(k).or_default().push((idx, via));
    }

    /// Places whose name or alternate name has this key, with how they matched.
    pub fn by_name(&self, name: &str) -> &[(u32, Via)] {
        self.by_key.get(&key(name)).map_or(&[], Vec::as_slice)
    }

    /// Places whose loose transliteration key matches.
    pub fn by_loose_name(&self, name: &str) -> &[u32] {
        self.by_loose.get(&loose_key(name)).map_or(&[], Vec::as_slice)
    }

    /// The country a demonym or adjective names ("Kazakh", "Russians").
    pub fn demonym(&self, word: &str) -> Option<u32> {
        self.demonyms.get(&key(word)).copied()
    }

    /// The country row of an ISO2 code.
    pub fn country(&self, iso2: &str) -> Option<u32> {
        self.country_of.get(iso2).copied()
    }

    /// The place at an index.
    pub fn place(&self, idx: u32) -> Option<&Place> {
        self.places.get(idx as usize)
    }
}

/// Great-circle distance in kilometres.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (a.0.to_radians(), a.1.to_radians(), b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}
