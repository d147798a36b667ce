//! Spaced-repetition scheduling (FSRS-6, SM-2).
