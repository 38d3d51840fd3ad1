//! The actor network ([`Network`]) as GraphML (graphml.graphdrawing.org), which Gephi,
//! Cytoscape, yEd, NetworkX and igraph read. The graph is directed by default; co-occurrence
//! edges are marked `directed="false"`. Attributes are declared as GraphML keys.

use std::io::Write;

use crate::network::{EdgeKind, Network};
use crate::text::xml;
use crate::Error;

/// (key id, for, attr.name, attr.type)
const KEYS: &[(&str, &str, &str, &str)] = &[
    ("label", "node", "label", "string"),
    ("type", "node", "type", "string"),
    ("n_mentions", "node", "n_mentions", "long"),
    ("n_documents", "node", "n_documents", "long"),
    ("aliases", "node", "aliases", "string"),
    ("kind", "edge", "kind", "string"),
    ("weight", "edge", "weight", "double"),
    ("types", "edge", "types", "string"),
    ("n_sources", "edge", "n_sources", "long"),
    ("n_sentences", "edge", "n_sentences", "long"),
    ("e_n_documents", "edge", "n_documents", "long"),
];

/// Writes the network; returns nodes plus edges.
pub fn write(net: &Network, out: &mut dyn Write) -> Result<u64, Error> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    writeln!(out, "  <!-- dossier {}: the actor network; see docs/exports.md -->", env!("CARGO_PKG_VERSION"))?;
    for (id, target, name, kind) in KEYS {
        writeln!(out, r#"  <key id="{id}" for="{target}" attr.name="{name}" attr.type="{kind}"/>"#)?;
    }
    writeln!(out, r#"  <graph id="actors" edgedefault="directed">"#)?;
    for n in &net.nodes {
        writeln!(out, r#"    <node id="{}">"#, xml(&n.id))?;
        data(out, "label", &n.label)?;
        data(out, "type", &n.kind)?;
        data(out, "n_mentions", &n.n_mentions.to_string())?;
        data(out, "n_documents", &n.n_documents.to_string())?;
        data(out, "aliases", &crate::table::join(n.aliases.iter().map(String::as_str)))?;
        writeln!(out, "    </node>")?;
    }
    for (i, e) in net.edges.iter().enumerate() {
        let directed = if e.kind == EdgeKind::ActsOn { "" } else { r#" directed="false""# };
        writeln!(out, r#"    <edge id="e{i}" source="{}" target="{}"{directed}>"#, xml(&e.source), xml(&e.target))?;
        data(out, "kind", e.kind.name())?;
        data(out, "weight", &e.weight.to_string())?;
        match e.kind {
            EdgeKind::ActsOn => {
                data(out, "types", &crate::table::join(e.types.iter().map(String::as_str)))?;
                data(out, "n_sources", &e.n_sources.to_string())?;
            }
            EdgeKind::CoOccurrence => {
                data(out, "n_sentences", &e.n_sentences.to_string())?;
                data(out, "e_n_documents", &e.n_documents.to_string())?;
            }
        }
        writeln!(out, "    </edge>")?;
    }
    writeln!(out, "  </graph>\n</graphml>")?;
    Ok((net.nodes.len() + net.edges.len()) as u64)
}

fn data(out: &mut dyn Write, key: &str, value: &str) -> Result<(), Error> {
    writeln!(out, r#"      <data key="{key}">{}</data>"#, xml(value))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::tests::{expected, hostile};

    #[test]
    fn hostile_names_stay_well_formed() {
        let net = hostile();
        let mut out = Vec::new();
        assert_eq!(write(&net, &mut out).unwrap(), 7);
        let xml = String::from_utf8(out).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
        let labels: Vec<String> =
            doc.descendants().filter(|n| n.has_tag_name("data") && n.attribute("key") == Some("label")).map(|n| n.text().unwrap_or("").to_string()).collect();
        assert_eq!(labels, net.nodes.iter().map(|n| expected(&n.label)).collect::<Vec<_>>());
        let ids: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("node")).filter_map(|n| n.attribute("id")).collect();
        let edges: Vec<(&str, &str)> = doc.descendants().filter(|n| n.has_tag_name("edge")).map(|n| (n.attribute("source").unwrap(), n.attribute("target").unwrap())).collect();
        assert_eq!(edges.len(), 3);
        assert!(edges.iter().all(|(s, t)| ids.contains(s) && ids.contains(t)), "{ids:?} {edges:?}");
        assert_eq!(ids[0], "E0\"<&");
    }
}
