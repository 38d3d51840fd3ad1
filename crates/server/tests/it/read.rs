//! The read routes: happy paths, paging and order, filters, bad parameters.

use serde_json::{json, Value};

use crate::fixture::{app, get, ids, ok, HOSTILE};

#[tokio::test]
async fn stats_count_the_corpus() {
    let app = app();
    let s = ok(&app, "/api/stats").await;
    assert!(s["n_documents"].as_u64().unwrap() >= 10, "{s}");
    assert!(s["n_duplicates"].as_u64().unwrap() >= 1, "{s}");
    for key in ["n_sentences", "n_entities", "n_events", "n_quotes", "n_quantities", "n_contradictions"] {
        assert!(s[key].as_u64().unwrap() > 0, "{key}: {s}");
    }
    assert!(s["outlets"].as_array().unwrap().iter().any(|o| o["outlet"] == "Amsel Courier" && o["n"] == 1), "{s}");
    assert!(s["first_date"].as_str().unwrap() <= s["last_date"].as_str().unwrap());
}

#[tokio::test]
async fn documents_page_in_stable_order() {
    let app = app();
    let all = ok(&app, "/api/documents?limit=500").await;
    let total = all["total"].as_u64().unwrap() as usize;
    assert_eq!(all["items"].as_array().unwrap().len(), total);
    assert_eq!((all["limit"].as_u64(), all["offset"].as_u64()), (Some(500), Some(0)));
    // By publication date (undated last), then id.
    let items = all["items"].as_array().unwrap();
    let key = |d: &Value| (d["published"].is_null(), d["published"].as_str().unwrap_or("").to_string(), d["id"].as_str().unwrap().to_string());
    assert!(items.windows(2).all(|w| key(&w[0]) <= key(&w[1])), "order");
    // Pages tile the list.
    let all_ids = ids(&all);
    let mut paged = Vec::new();
    for offset in (0..total).step_by(3) {
        let page = ok(&app, &format!("/api/documents?limit=3&offset={offset}")).await;
        assert_eq!(page["total"].as_u64().unwrap() as usize, total);
        paged.extend(ids(&page));
    }
    assert_eq!(paged, all_ids);
    assert_eq!(ok(&app, "/api/documents").await["limit"], 50, "default limit");
    assert!(ids(&ok(&app, &format!("/api/documents?offset={total}")).await).is_empty());
    // Filters.
    let courier = ok(&app, "/api/documents?outlet=Amsel%20Courier").await;
    assert_eq!(courier["total"], 1);
    assert_eq!(courier["items"][0]["title"], "Council site <b>defaced</b>");
    let day = ok(&app, "/api/documents?from=2031-01-14&to=2031-01-14").await;
    assert!(day["items"].as_array().unwrap().iter().all(|d| d["published"].as_str().unwrap().starts_with("2031-01-14")));
    assert!(day["total"].as_u64().unwrap() >= 1);
    let month = ok(&app, "/api/documents?from=2031-01&to=2031").await;
    assert!(month["total"].as_u64().unwrap() >= day["total"].as_u64().unwrap());
    assert_eq!(ok(&app, "/api/documents?language=xx").await["total"], 0);
    assert_eq!(ok(&app, "/api/documents?outlet=&unknown=1").await["total"].as_u64().unwrap() as usize, total, "empty and unknown parameters are ignored");
}

#[tokio::test]
async fn bad_parameters_are_400_naming_them() {
    let app = app();
    for (uri, name) in [
        ("/api/documents?limit=abc", "limit"),
        ("/api/documents?limit=-1", "limit"),
        ("/api/documents?limit=501", "limit"),
        ("/api/documents?offset=1.5", "offset"),
        ("/api/documents?from=2022-13-45", "from"),
        ("/api/documents?to=2022-02-30", "to"),
        ("/api/documents?from=2031-02&to=2031-01", "from"),
        ("/api/events?from=yesterday", "from"),
        ("/api/events?disputed=maybe", "disputed"),
        ("/api/timeline?limit=1000", "limit"),
        ("/api/contradictions?all=2", "all"),
        ("/api/entities?offset=x", "offset"),
        ("/api/search?q=", "q"),
        ("/api/search", "q"),
        ("/api/network?min_weight=heavy", "min_weight"),
        ("/api/quotes?limit=%ZZ", "limit"),
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, 400, "{uri}: {}", r.text());
        assert_eq!(r.code(), "bad_request", "{uri}");
        let message = r.json()["error"]["message"].as_str().unwrap().to_string();
        assert!(message.contains(name), "{uri}: {message}");
    }
}

#[tokio::test]
async fn unknown_ids_and_routes_are_404() {
    let app = app();
    for uri in [
        "/api/documents/ffffffffffffffff",
        "/api/documents/abc",
        "/api/entities/E0000000000",
        "/api/events/V0000000000",
        "/api/nothing",
        "/api/quotes?doc=ffffffff",
        "/nothing",
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, 404, "{uri}: {}", r.text());
        assert_eq!(r.code(), "not_found", "{uri}");
    }
}

#[tokio::test]
async fn a_document_with_its_annotations_by_id_or_prefix() {
    let app = app();
    let list = ok(&app, "/api/documents?limit=500").await;
    let first = list["items"].as_array().unwrap().iter().find(|d| d["outlet"] != "Amsel Courier" && d["duplicate_of"].is_null()).unwrap();
    let id = first["id"].as_str().unwrap();
    let doc = ok(&app, &format!("/api/documents/{id}")).await;
    let by_prefix = ok(&app, &format!("/api/documents/{}", &id[..8])).await;
    assert_eq!(doc, by_prefix);
    for key in ["id", "source", "origin", "title", "published", "outlet", "language", "text", "sentences", "entities", "times", "quotes", "quantities", "events"] {
        assert!(doc.get(key).is_some(), "{key}");
    }
    // Spans are character offsets into the text.
    let text: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
    let entities = doc["entities"].as_array().unwrap();
    assert!(!entities.is_empty());
    for e in entities {
        for m in e["mentions"].as_array().unwrap() {
            let (s, t) = (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
            assert_eq!(text[s..t].iter().collect::<String>(), m["text"].as_str().unwrap());
        }
    }
    // Entities link to the corpus entities, events to their clusters.
    let linked: Vec<&str> = entities.iter().filter_map(|e| e["corpus_entity"].as_str()).collect();
    assert!(!linked.is_empty());
    let e = ok(&app, &format!("/api/entities/{}", linked[0])).await;
    assert!(e["mentions"].as_array().unwrap().iter().any(|m| m["doc"] == id), "the corpus entity has a mention in the document");
    let all_docs = ok(&app, "/api/documents?limit=500").await;
    let mut n_clustered = 0;
    for d in all_docs["items"].as_array().unwrap() {
        let doc = ok(&app, &format!("/api/documents/{}", d["id"].as_str().unwrap())).await;
        for ev in doc["events"].as_array().unwrap() {
            if let Some(c) = ev["cluster"].as_str() {
                n_clustered += 1;
                let cluster = ok(&app, &format!("/api/events/{c}")).await;
                assert!(cluster["reports"].as_array().unwrap().iter().any(|r| r["id"] == ev["id"]));
            }
        }
    }
    assert!(n_clustered > 0);
}

#[tokio::test]
async fn hostile_text_comes_back_verbatim() {
    let app = app();
    let list = ok(&app, "/api/documents?outlet=Amsel%20Courier").await;
    let id = list["items"][0]["id"].as_str().unwrap();
    let r = get(&app, &format!("/api/documents/{id}")).await;
    assert_eq!(r.headers["content-type"], "application/json");
    let doc = r.json();
    assert_eq!(doc["text"], HOSTILE);
    assert_eq!(doc["title"], "Council site <b>defaced</b>");
    let hits = ok(&app, "/api/search?q=onerror").await;
    assert_eq!(hits["total"], 1);
    let snippet: String = hits["items"][0]["snippet"].as_array().unwrap().iter().map(|p| p["text"].as_str().unwrap()).collect();
    assert!(snippet.contains("<img src=x onerror=\"alert(1)\">"), "{snippet}");
}

#[tokio::test]
async fn entities_by_mentions_and_by_alias() {
    let app = app();
    let all = ok(&app, "/api/entities?limit=500").await;
    let items = all["items"].as_array().unwrap();
    assert_eq!(items.len() as u64, all["total"].as_u64().unwrap());
    let key = |e: &Value| (std::cmp::Reverse(e["n_mentions"].as_u64().unwrap()), e["name"].as_str().unwrap().to_string());
    assert!(items.windows(2).all(|w| key(&w[0]) <= key(&w[1])), "by mentions, then name");
    for k in ["id", "name", "type", "aliases", "n_mentions", "n_documents", "confidence"] {
        assert!(items[0].get(k).is_some(), "{k}");
    }
    // An alias that is not the canonical name finds the entity, whatever the case.
    let (entity, alias) = items
        .iter()
        .find_map(|e| {
            let name = e["name"].as_str().unwrap();
            e["aliases"].as_array().unwrap().iter().filter_map(Value::as_str).find(|a| !name.to_lowercase().contains(&a.to_lowercase())).map(|a| (e, a.to_string()))
        })
        .expect("an entity with an alias other than its name");
    let found = ok(&app, &format!("/api/entities?q={}", urlencode(&alias.to_uppercase()))).await;
    assert!(ids(&found).contains(&entity["id"].as_str().unwrap().to_string()), "{alias}: {found}");
    let persons = ok(&app, "/api/entities?type=person&limit=500").await;
    assert!(persons["items"].as_array().unwrap().iter().all(|e| e["type"] == "PERSON"));
    assert!(persons["total"].as_u64().unwrap() > 0);
    assert_eq!(ok(&app, "/api/entities?q=zzzzqqqq").await["total"], 0);
    let page = ok(&app, "/api/entities?limit=2&offset=1").await;
    assert_eq!(ids(&page), ids(&all)[1..3]);
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[tokio::test]
async fn one_entity_with_everything_about_it() {
    let app = app();
    let top = ok(&app, "/api/entities?type=PERSON&limit=1").await;
    let id = top["items"][0]["id"].as_str().unwrap();
    let e = ok(&app, &format!("/api/entities/{id}")).await;
    assert_eq!(e["id"], id);
    for k in ["members", "merges", "aliases", "mentions", "evidence", "events", "quotes", "links", "related"] {
        assert!(e[k].is_array(), "{k}: {e}");
    }
    assert_eq!(e["mentions"].as_array().unwrap().len() as u64, e["n_mentions"].as_u64().unwrap());
    // The events listed involve it.
    for ev in e["events"].as_array().unwrap() {
        let full = ok(&app, &format!("/api/events/{}", ev["id"].as_str().unwrap())).await;
        let involved = ["source", "target", "location"].iter().any(|r| full[r]["entity"] == id);
        assert!(involved, "{ev}");
    }
    // Events filtered by this actor are the same ones.
    let by_actor = ok(&app, &format!("/api/events?actor={id}&limit=500")).await;
    let mut listed: Vec<String> = e["events"].as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap().to_string()).collect();
    let mut filtered = ids(&by_actor);
    listed.sort();
    filtered.sort();
    assert_eq!(listed, filtered);
}

#[tokio::test]
async fn events_and_timeline_in_date_order() {
    let app = app();
    let all = ok(&app, "/api/events?limit=500").await;
    let items = all["items"].as_array().unwrap();
    assert!(!items.is_empty());
    let key = |e: &Value| (e["start"].is_null(), e["start"].as_str().unwrap_or("").to_string(), e["id"].as_str().unwrap().to_string());
    assert!(items.windows(2).all(|w| key(&w[0]) <= key(&w[1])), "by date, undated last, then id");
    for e in items {
        assert!(e["evidence"].is_array() && e["reports"].is_array() && e["type"].is_string());
    }
    let timeline = ok(&app, "/api/timeline?limit=500").await;
    let dated: Vec<&Value> = items.iter().filter(|e| !e["start"].is_null()).collect();
    assert_eq!(timeline["total"].as_u64().unwrap() as usize, dated.len());
    assert_eq!(ids(&timeline), dated.iter().map(|e| e["id"].as_str().unwrap().to_string()).collect::<Vec<_>>());
    for e in timeline["items"].as_array().unwrap() {
        assert!(e["start"].as_str().unwrap() <= e["end"].as_str().unwrap());
    }
    // Date range: events that may fall within it.
    let first = dated[0]["start"].as_str().unwrap().to_string();
    let window = ok(&app, &format!("/api/timeline?from={first}&to={first}&limit=500")).await;
    assert!(window["total"].as_u64().unwrap() >= 1);
    for e in window["items"].as_array().unwrap() {
        assert!(e["start"].as_str().unwrap() <= first.as_str() && e["end"].as_str().unwrap() >= first.as_str());
    }
    // Type filter, disputed filter, paging.
    let kind = items[0]["type"].as_str().unwrap();
    let typed = ok(&app, &format!("/api/events?type={}&limit=500", kind.to_lowercase())).await;
    assert!(typed["items"].as_array().unwrap().iter().all(|e| e["type"] == kind));
    let disputed = ok(&app, "/api/events?disputed=true&limit=500").await;
    assert!(disputed["total"].as_u64().unwrap() >= 1, "the example corpus has disputed dates");
    assert!(disputed["items"].as_array().unwrap().iter().all(|e| !e["disputed"].as_array().unwrap().is_empty()));
    let undisputed = ok(&app, "/api/events?disputed=false&limit=500").await;
    assert_eq!(disputed["total"].as_u64().unwrap() + undisputed["total"].as_u64().unwrap(), all["total"].as_u64().unwrap());
    let page = ok(&app, "/api/timeline?limit=2&offset=2").await;
    assert_eq!(ids(&page), ids(&timeline)[2..4]);
    // One event: every report, its contradictions in full.
    let d = &disputed["items"][0];
    let one = ok(&app, &format!("/api/events/{}", d["id"].as_str().unwrap())).await;
    assert_eq!(one["reports"].as_array().unwrap().len() as u64, one["n_reports"].as_u64().unwrap());
    let c = one["contradictions"].as_array().unwrap();
    assert!(!c.is_empty());
    assert!(c[0]["claims"].as_array().unwrap().len() >= 2);
}

#[tokio::test]
async fn contradictions_with_both_sides() {
    let app = app();
    let c = ok(&app, "/api/contradictions").await;
    let items = c["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|x| x["status"] == "contradiction"));
    for x in items {
        for claim in x["claims"].as_array().unwrap() {
            let ev = &claim["evidence"][0];
            assert!(ev["doc"].is_string() && ev["text"].is_string() && ev["start"].is_u64(), "{claim}");
        }
    }
    let all = ok(&app, "/api/contradictions?all=true&limit=500").await;
    assert!(all["total"].as_u64().unwrap() >= c["total"].as_u64().unwrap());
}

#[tokio::test]
async fn quotes_and_quantities_across_the_corpus_and_by_document() {
    let app = app();
    let quotes = ok(&app, "/api/quotes?limit=500").await;
    let stats = ok(&app, "/api/stats").await;
    assert_eq!(quotes["total"], stats["n_quotes"]);
    let items = quotes["items"].as_array().unwrap();
    assert!(items.iter().all(|q| q["doc"].is_string() && q["text"].is_string()));
    let doc = items[0]["doc"].as_str().unwrap();
    let of_doc = ok(&app, &format!("/api/quotes?doc={doc}")).await;
    assert!(of_doc["items"].as_array().unwrap().iter().all(|q| q["doc"] == doc));
    let starts: Vec<u64> = of_doc["items"].as_array().unwrap().iter().map(|q| q["start"].as_u64().unwrap()).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]));
    let speaker = items.iter().find_map(|q| q["speaker"]["name"].as_str()).unwrap();
    let by_speaker = ok(&app, &format!("/api/quotes?speaker={}&limit=500", urlencode(speaker))).await;
    assert!(by_speaker["total"].as_u64().unwrap() >= 1);
    let page = ok(&app, "/api/quotes?limit=2&offset=1").await;
    assert_eq!(page["items"].as_array().unwrap()[..], items[1..3]);

    let figures = ok(&app, "/api/quantities?limit=500").await;
    assert_eq!(figures["total"], stats["n_quantities"]);
    let f = &figures["items"][0];
    assert!(f["doc"].is_string() && f["type"].is_string());
    let counted = figures["items"].as_array().unwrap().iter().find_map(|f| f["counted"].as_str()).unwrap();
    let by_q = ok(&app, &format!("/api/quantities?q={}&limit=500", urlencode(counted))).await;
    assert!(by_q["total"].as_u64().unwrap() >= 1);
}

#[tokio::test]
async fn search_pages_and_never_errors_on_syntax() {
    let app = app();
    let r = ok(&app, "/api/search?q=Rekker&limit=2").await;
    assert!(r["total"].as_u64().unwrap() >= 3, "{r}");
    assert_eq!((&r["capped"], &r["order"]), (&json!(false), &json!("relevance")), "a small corpus is ranked");
    let hit = &r["items"][0];
    for k in ["id", "title", "published", "outlet", "snippet", "rank"] {
        assert!(hit.get(k).is_some(), "{k}");
    }
    assert!(hit["snippet"].as_array().unwrap().iter().any(|p| p["hit"] == true));
    let second = ok(&app, "/api/search?q=Rekker&limit=1&offset=1").await;
    assert_eq!(second["items"][0], r["items"][1]);
    for q in ["%22", "Rekker*", "(", "NEAR(a%20b)", "AND", "a:b", "%27%3B%20DROP%20TABLE%20documents%3B", "%E2%80%AE"] {
        let reply = get(&app, &format!("/api/search?q={q}")).await;
        assert_eq!(reply.status, 200, "{q}: {}", reply.text());
    }
}

#[tokio::test]
async fn the_network_of_actors() {
    let app = app();
    let n = ok(&app, "/api/network").await;
    let nodes = n["nodes"].as_array().unwrap();
    assert!(!nodes.is_empty());
    let node_ids: Vec<&str> = nodes.iter().map(|x| x["id"].as_str().unwrap()).collect();
    let edges = n["edges"].as_array().unwrap();
    assert!(!edges.is_empty());
    for e in edges {
        assert!(node_ids.contains(&e["source"].as_str().unwrap()) && node_ids.contains(&e["target"].as_str().unwrap()));
        assert!(e["weight"].as_u64().unwrap() >= 1);
    }
    let weights: Vec<u64> = edges.iter().map(|e| e["weight"].as_u64().unwrap()).collect();
    assert!(weights.windows(2).all(|w| w[0] >= w[1]));
    let small = ok(&app, "/api/network?limit=3&min_weight=2").await;
    assert!(small["nodes"].as_array().unwrap().len() <= 3);
    assert!(small["edges"].as_array().unwrap().iter().all(|e| e["weight"].as_u64().unwrap() >= 2));
    let persons = ok(&app, "/api/network?type=PERSON").await;
    assert!(persons["nodes"].as_array().unwrap().iter().all(|x| x["type"] == "PERSON"));
}

#[tokio::test]
async fn the_competing_explanations_with_each_sources_position() {
    let app = app();
    let m = ok(&app, "/api/hypotheses").await;
    let hypotheses = m["hypotheses"].as_array().unwrap();
    assert!(hypotheses.len() >= 2, "the example corpus argues at least two explanations: {m}");
    for h in hypotheses {
        let positions = h["positions"].as_array().unwrap();
        assert!(!positions.is_empty(), "{h}");
        for p in positions {
            assert!(p["doc"].is_string() && p["position"].is_string(), "{p}");
        }
    }
    // Every cell names a listed row and column, with the sentence linking them.
    let rows: Vec<&str> = m["evidence"].as_array().unwrap().iter().filter_map(|e| e["id"].as_str()).collect();
    let cols: Vec<&str> = hypotheses.iter().filter_map(|h| h["id"].as_str()).collect();
    for c in m["cells"].as_array().unwrap() {
        assert!(rows.contains(&c["evidence"].as_str().unwrap()) && cols.contains(&c["hypothesis"].as_str().unwrap()), "{c}");
        assert!(!c["link"]["text"].as_str().unwrap_or("").is_empty(), "{c}");
    }
    // Served from the cache the second time, identical.
    assert_eq!(ok(&app, "/api/hypotheses").await, m);
}
