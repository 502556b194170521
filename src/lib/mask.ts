// Personal data on public screens: enough to recognise one's own entry, not to identify anyone.

/** 张三明 → 张*明, 张三 → 张*, 欧阳小明 → 欧**明. */
export function maskName(name: string): string {
	const chars = [...name.trim()];
	if (chars.length <= 1) return chars.length ? '*' : '';
	if (chars.length === 2) return `${chars[0]}*`;
	return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** 13812341234 → 138****1234; shorter numbers keep only their last four digits. */
export function maskPhone(phone: string): string {
	const digits = phone.replace(/\D/g, '');
	if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
	if (digits.length > 4) return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
	return '*'.repeat(digits.length);
}
