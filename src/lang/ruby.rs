//! ruby front end (not written yet).

use tree_sitter::Node;

use super::Lowerer;

pub fn lower_file(_lw: &mut Lowerer, _root: Node) {}
