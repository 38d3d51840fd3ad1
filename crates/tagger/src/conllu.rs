//! A minimal CoNLL-U reader for training and evaluation: gold words with their tags and
//! lemmas. Multiword-token lines (`1-2`) and empty nodes (`8.1`) are skipped; the words that
//! make up a multiword token are kept.

/// One sentence of gold annotations, all vectors of equal length.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoldSentence {
    pub forms: Vec<String>,
    pub lemmas: Vec<String>,
    pub upos: Vec<String>,
    pub xpos: Vec<String>,
}

/// Parses CoNLL-U text. Malformed lines (fewer than 5 columns) are skipped.
pub fn parse(text: &str) -> Vec<GoldSentence> {
    let mut out = Vec::new();
    let mut cur = GoldSentence::default();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.forms.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(id), Some(form), Some(lemma), Some(upos), Some(xpos)) =
            (cols.first(), cols.get(1), cols.get(2), cols.get(3), cols.get(4))
        else {
            continue;
        };
        if id.contains('-') || id.contains('.') {
            continue;
        }
        cur.forms.push(form.to_string());
        cur.lemmas.push(lemma.to_string());
        cur.upos.push(upos.to_string());
        cur.xpos.push(xpos.to_string());
    }
    if !cur.forms.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn skips_multiword_and_empty_nodes() {
        let text = "# text = Rekker's\n1-2\tRekker's\t_\t_\t_\t_\t_\t_\t_\t_\n1\tRekker\tRekker\tPROPN\tNNP\t_\t0\troot\t_\t_\n2\t's\t's\tPART\tPOS\t_\t1\tcase\t_\t_\n2.1\tx\tx\tX\tX\t_\t_\t_\t_\t_\n\n";
        let s = super::parse(text);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].forms, vec!["Rekker", "'s"]);
        assert_eq!(s[0].xpos, vec!["NNP", "POS"]);
    }
}
