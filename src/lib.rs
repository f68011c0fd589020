//! accroche
