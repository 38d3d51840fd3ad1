//! Claims: the propositions a document asserts, doubts or rejects, with their holder, hedging
//! and kind (explanation, prediction), grouped across documents into hypotheses. (Being built in
//! session 7; see issue 10.)
