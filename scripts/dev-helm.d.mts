export declare function devHelm(major: 3 | 4): string | null;
export declare function defaultHelm(): string | null;
export declare function testHelms(): { label: string; bin: string; major: number }[];
