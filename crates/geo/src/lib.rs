//! Geoparsing: place mentions resolved to gazetteer places (GeoNames ids, coordinates, country,
//! precision) with a confidence. (Being built in session 7; see issue 11.)
