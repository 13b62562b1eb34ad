/** The roles an account can hold, as stored on the user (src/auth/permissions.ts says what each may do). */
export const ROLES = ['user', 'admin'] as const;
export type Role = (typeof ROLES)[number];
