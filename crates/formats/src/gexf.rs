//! The actor network ([`Network`]) as GEXF 1.3 (gexf.net), Gephi's own format. The graph is
//! mixed: `acts-on` edges are directed, `co-occurrence` edges undirected (`type` on each
//! edge), and each edge has a `kind`, so Gephi keeps the two relations between one pair as
//! parallel edges. Node and edge attributes are declared in `<attributes>`.

use std::io::Write;

use crate::network::{EdgeKind, Network};
use crate::text::xml;
use crate::Error;

/// Node attributes: (id, title, type).
const NODE_ATTRIBUTES: &[(&str, &str, &str)] =
    &[("type", "type", "string"), ("n_mentions", "n_mentions", "long"), ("n_documents", "n_documents", "long"), ("aliases", "aliases", "string")];
/// Edge attributes: (id, title, type).
const EDGE_ATTRIBUTES: &[(&str, &str, &str)] = &[
    ("relation", "relation", "string"),
    ("types", "types", "string"),
    ("n_sources", "n_sources", "long"),
    ("n_sentences", "n_sentences", "long"),
    ("n_documents", "n_documents", "long"),
];

/// Writes the network; returns nodes plus edges.
pub fn write(net: &Network, out: &mut dyn Write) -> Result<u64, Error> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">"#
    )?;
    writeln!(out, "  <meta>\n    <creator>dossier {}</creator>", xml(env!("CARGO_PKG_VERSION")))?;
    writeln!(out, "    <description>The actor network: corpus entities; acts-on edges (events) and co-occurrence edges (sentences). See docs/exports.md.</description>\n  </meta>")?;
    writeln!(out, r#"  <graph mode="static" defaultedgetype="directed">"#)?;
    for (class, attrs) in [("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)] {
        writeln!(out, r#"    <attributes class="{class}" mode="static">"#)?;
        for (id, title, kind) in attrs {
            writeln!(out, r#"      <attribute id="{id}" title="{title}" type="{kind}"/>"#)?;
        }
        writeln!(out, "    </attributes>")?;
    }
    writeln!(out, "    <nodes>")?;
    for n in &net.nodes {
        writeln!(out, r#"      <node id="{}" label="{}">"#, xml(&n.id), xml(&n.label))?;
        let aliases = crate::table::join(n.aliases.iter().map(String::as_str));
        attvalues(out, &[("type", &n.kind), ("n_mentions", &n.n_mentions.to_string()), ("n_documents", &n.n_documents.to_string()), ("aliases", &aliases)])?;
        writeln!(out, "      </node>")?;
    }
    writeln!(out, "    </nodes>\n    <edges>")?;
    for (i, e) in net.edges.iter().enumerate() {
        let kind = e.kind.name();
        let (prefix, direction) = match e.kind {
            EdgeKind::ActsOn => ("a", "directed"),
            EdgeKind::CoOccurrence => ("c", "undirected"),
        };
        writeln!(
            out,
            r#"      <edge id="{prefix}{i}" source="{}" target="{}" type="{direction}" kind="{kind}" weight="{}">"#,
            xml(&e.source),
            xml(&e.target),
            e.weight
        )?;
        match e.kind {
            EdgeKind::ActsOn => {
                let types = crate::table::join(e.types.iter().map(String::as_str));
                attvalues(out, &[("relation", kind), ("types", &types), ("n_sources", &e.n_sources.to_string())])?;
            }
            EdgeKind::CoOccurrence => {
                attvalues(out, &[("relation", kind), ("n_sentences", &e.n_sentences.to_string()), ("n_documents", &e.n_documents.to_string())])?;
            }
        }
        writeln!(out, "      </edge>")?;
    }
    writeln!(out, "    </edges>\n  </graph>\n</gexf>")?;
    Ok((net.nodes.len() + net.edges.len()) as u64)
}

fn attvalues(out: &mut dyn Write, values: &[(&str, &str)]) -> Result<(), Error> {
    writeln!(out, "        <attvalues>")?;
    for (k, v) in values {
        writeln!(out, r#"          <attvalue for="{k}" value="{}"/>"#, xml(v))?;
    }
    writeln!(out, "        </attvalues>")?;
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
        let labels: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("node")).filter_map(|n| n.attribute("label")).collect();
        assert_eq!(labels, net.nodes.iter().map(|n| expected(&n.label)).collect::<Vec<_>>());
        // Attribute values keep their tabs and line breaks (written as character references).
        assert!(labels.contains(&"line\nbreak\ttab\r"));
        let kinds: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("edge")).filter_map(|n| n.attribute("type")).collect();
        assert_eq!(kinds, ["directed", "undirected", "directed"]);
        let aliases: Vec<&str> = doc.descendants().filter(|n| n.attribute("for") == Some("aliases")).filter_map(|n| n.attribute("value")).collect();
        assert_eq!(aliases[0], "<script>alert('x')</script>|a¦b");
    }
}
