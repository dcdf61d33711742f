//! Bueno de Mesquita's expected utility model (placeholder: being written).
