//! GraphML and GEXF of the example corpus, parsed back with a strict XML parser: one node
//! per corpus entity (the merged actor once), edges between existing nodes, acts-on edges
//! from the events and co-occurrence edges from the sentences.

use std::collections::HashMap;

use formats::Format;

use crate::fixture::{contract, example, export_text};

struct Graph {
    /// id -> (label, attributes)
    nodes: HashMap<String, (String, HashMap<String, String>)>,
    /// (source, target, kind, weight, directed)
    edges: Vec<(String, String, String, u32, bool)>,
}

fn parse_gexf(xml: &str) -> Graph {
    let doc = roxmltree::Document::parse(xml).expect("well-formed GEXF");
    let root = doc.root_element();
    assert_eq!((root.tag_name().name(), root.tag_name().namespace()), ("gexf", Some("http://gexf.net/1.3")));
    assert_eq!(root.attribute("version"), Some("1.3"));
    let attrs = |n: roxmltree::Node<'_, '_>| -> HashMap<String, String> {
        n.descendants().filter(|a| a.has_tag_name("attvalue")).map(|a| (a.attribute("for").unwrap().to_string(), a.attribute("value").unwrap().to_string())).collect()
    };
    let nodes = root
        .descendants()
        .filter(|n| n.has_tag_name("node"))
        .map(|n| (n.attribute("id").unwrap().to_string(), (n.attribute("label").unwrap().to_string(), attrs(n))))
        .collect();
    let edges = root
        .descendants()
        .filter(|n| n.has_tag_name("edge"))
        .map(|e| {
            (
                e.attribute("source").unwrap().to_string(),
                e.attribute("target").unwrap().to_string(),
                e.attribute("kind").unwrap().to_string(),
                e.attribute("weight").unwrap().parse().unwrap(),
                e.attribute("type") == Some("directed"),
            )
        })
        .collect();
    Graph { nodes, edges }
}

fn parse_graphml(xml: &str) -> Graph {
    let doc = roxmltree::Document::parse(xml).expect("well-formed GraphML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some("http://graphml.graphdrawing.org/xmlns"));
    let keys: HashMap<&str, &str> = root.children().filter(|n| n.has_tag_name("key")).map(|k| (k.attribute("id").unwrap(), k.attribute("attr.name").unwrap())).collect();
    let data = |n: roxmltree::Node<'_, '_>| -> HashMap<String, String> {
        n.children().filter(|d| d.has_tag_name("data")).map(|d| (keys[d.attribute("key").unwrap()].to_string(), d.text().unwrap_or("").to_string())).collect()
    };
    let graph = root.children().find(|n| n.has_tag_name("graph")).unwrap();
    let default_directed = graph.attribute("edgedefault") == Some("directed");
    let nodes = graph
        .children()
        .filter(|n| n.has_tag_name("node"))
        .map(|n| {
            let d = data(n);
            (n.attribute("id").unwrap().to_string(), (d["label"].clone(), d))
        })
        .collect();
    let edges = graph
        .children()
        .filter(|n| n.has_tag_name("edge"))
        .map(|e| {
            let d = data(e);
            let directed = e.attribute("directed").map_or(default_directed, |v| v == "true");
            (e.attribute("source").unwrap().to_string(), e.attribute("target").unwrap().to_string(), d["kind"].clone(), d["weight"].parse().unwrap(), directed)
        })
        .collect();
    Graph { nodes, edges }
}

fn check(g: &Graph, json: &serde_json::Value, what: &str) {
    let entities = json["entities"].as_array().unwrap();
    assert_eq!(g.nodes.len(), entities.len(), "{what}: a node per corpus entity");
    for e in entities {
        let (label, attrs) = &g.nodes[e["id"].as_str().unwrap()];
        assert_eq!(label, e["name"].as_str().unwrap(), "{what}");
        assert_eq!(attrs["n_mentions"], e["n_mentions"].to_string(), "{what}");
        assert_eq!(attrs["type"], e["type"].as_str().unwrap(), "{what}");
    }
    // The merged actor: one node, its other spellings as aliases, no node of its own.
    let rekker: Vec<_> = g.nodes.values().filter(|(l, _)| l == "Tomas Rekker").collect();
    assert_eq!(rekker.len(), 1, "{what}");
    assert!(rekker[0].1["aliases"].split('|').any(|a| a == "Reker"), "{what}: {:?}", rekker[0]);
    assert!(!g.nodes.values().any(|(l, _)| l == "Reker" || l == "Tomas Reker"), "{what}");
    // Edges join existing nodes; both kinds are there, acts-on directed, co-occurrence not.
    for (s, t, kind, weight, directed) in &g.edges {
        assert!(g.nodes.contains_key(s) && g.nodes.contains_key(t) && s != t, "{what}");
        assert!(*weight >= 1);
        match kind.as_str() {
            "acts-on" => assert!(directed),
            "co-occurrence" => assert!(!directed),
            other => panic!("{what}: edge kind {other}"),
        }
    }
    let id_of = |name: &str| g.nodes.iter().find(|(_, (l, _))| l == name).map(|(id, _)| id.clone()).unwrap_or_else(|| panic!("{what}: no {name}"));
    let (rekker, darvel) = (id_of("Tomas Rekker"), id_of("Konstantin Darvel"));
    // Rekker dismissed Darvel (COERCE/dismiss in the corpus): an acts-on edge between them.
    assert!(
        g.edges.iter().any(|e| e.2 == "acts-on" && e.0 == rekker && e.1 == darvel),
        "{what}: Rekker acts on Darvel: {:?}",
        g.edges.iter().filter(|e| e.0 == rekker).collect::<Vec<_>>()
    );
    assert!(g.edges.iter().any(|e| e.2 == "co-occurrence" && ((e.0 == rekker && e.1 == darvel) || (e.0 == darvel && e.1 == rekker))), "{what}");
    // One edge per pair and kind.
    let mut keys: Vec<_> = g.edges.iter().map(|e| (e.0.clone(), e.1.clone(), e.2.clone())).collect();
    keys.sort();
    let n = keys.len();
    keys.dedup();
    assert_eq!(keys.len(), n, "{what}");
}

#[test]
fn gexf_and_graphml_of_the_example_corpus() {
    let store = example();
    let json = contract(&store);
    let gexf = export_text(&store, Format::Gexf);
    let graphml = export_text(&store, Format::Graphml);
    let (a, b) = (parse_gexf(&gexf), parse_graphml(&graphml));
    check(&a, &json, "GEXF");
    check(&b, &json, "GraphML");
    assert_eq!(a.edges, b.edges, "the same network in both");
    // Acts-on weights count events once: no pair's weight exceeds the asserted events.
    let asserted = json["events"].as_array().unwrap().iter().filter(|e| e["modality"] == "asserted").count() as u32;
    assert!(a.edges.iter().filter(|e| e.2 == "acts-on").all(|e| e.3 <= asserted));
    let (_, n) = crate::fixture::export(&store, Format::Gexf, None);
    assert_eq!(n as usize, a.nodes.len() + a.edges.len());
}
