/**
 * Attachment for a view's heading: focus moves to it when the view appears, so a screen
 * reader announces where the resident now is (and a keyboard user starts from there).
 */
export function focusOnMount(node: HTMLElement): void {
	node.focus({ preventScroll: true });
}
