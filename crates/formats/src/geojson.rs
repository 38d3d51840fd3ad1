//! GeoJSON (RFC 7946) for QGIS and other GIS tools: one Point feature per event report whose
//! place is resolved (`event_reports[].place` of the JSON export; docs/geo.md), with the
//! event's type, CAMEO code, date, place, precision and evidence as properties.

use std::io::Write;

use model::Layer;
use serde_json::json;

use crate::Error;

/// Writes the feature collection; returns the number of features.
pub fn write(store: &dyn store::Store, out: &mut dyn Write) -> Result<u64, Error> {
    out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
    let mut n = 0u64;
    let mut failed: Option<std::io::Error> = None;
    store.for_each_document(&mut |doc| {
        if failed.is_some() || !doc.annotations.iter().any(|a| a.layer == Layer::Events) {
            return Ok(());
        }
        for e in engine::export::document_events(&doc) {
            let Some(p) = &e.place else { continue };
            let (Some(lat), Some(lon)) = (p.lat, p.lon) else { continue };
            if !(lat.is_finite() && lon.is_finite()) {
                continue;
            }
            let feature = json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "id": e.id,
                    "doc": e.doc,
                    "type": e.kind,
                    "cameo": e.cameo,
                    "modality": e.modality,
                    "date": e.date.as_ref().map(|d| d.start),
                    "date_end": e.date.as_ref().map(|d| d.end),
                    "summary": e.summary,
                    "place": p.name,
                    "geonameid": p.geonameid,
                    "country": p.country,
                    "country3": p.country3,
                    "precision": p.precision,
                    "place_from": p.from,
                    "confidence": p.confidence,
                    "evidence": e.evidence.first().map(|x| x.text),
                },
            });
            let res = (|| -> std::io::Result<()> {
                out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut *out, &feature).map_err(std::io::Error::from)
            })();
            if let Err(err) = res {
                failed = Some(err);
                return Ok(());
            }
            n += 1;
        }
        Ok(())
    })?;
    if let Some(err) = failed {
        return Err(err.into());
    }
    out.write_all(b"\n]}\n")?;
    Ok(n)
}
