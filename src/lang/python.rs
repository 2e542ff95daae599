//! Python front end (being written).

use tree_sitter::Node;

use super::Lowerer;

pub fn lower_file(_lw: &mut Lowerer, _root: Node) {}
