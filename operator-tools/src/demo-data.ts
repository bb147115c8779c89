/** Demo data for `npm start`: three owners, twenty shops across categories, and ad campaigns in two delivery areas. */

type Category =
  | 'KOREAN' | 'CHINESE' | 'JAPANESE' | 'WESTERN' | 'CHICKEN' | 'PIZZA' | 'BUNSIK'
  | 'JOKBAL_BOSSAM' | 'JJIM_TANG' | 'CAFE_DESSERT' | 'FAST_FOOD' | 'ASIAN' | 'LUNCHBOX' | 'NIGHT_SNACK';

export interface DemoShop {
  name: string;
  category: Category;
  description: string;
  address: string;
  minOrderAmount: number;
  deliveryTip: number;
  notice?: string;
  open: boolean;
  menu: [name: string, price: number, popular?: boolean][];
  promotion?: string;
  reviews: [rating: number, text: string, author: string][];
}

export const OWNERS = [
  { email: 'kim@shopgraph.dev', password: 'demo-password', name: '김민준', phone: '010-1234-5678' },
  { email: 'lee@shopgraph.dev', password: 'demo-password', name: '이서연', phone: '010-2345-6789' },
  { email: 'park@shopgraph.dev', password: 'demo-password', name: '박지훈', phone: '010-3456-7890' },
];

const HOURS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'].map((day) => ({ day, opens: '11:00', closes: '22:00' }));
const LATE_HOURS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'].map((day) => ({ day, opens: '17:00', closes: '03:00' }));
export const openingHoursFor = (category: Category) =>
  category === 'NIGHT_SNACK' || category === 'JOKBAL_BOSSAM' || category === 'CHICKEN' ? LATE_HOURS : HOURS;

export const SHOPS: DemoShop[] = [
  { name: '교촌치킨 역삼점', category: 'CHICKEN', description: '간장 마늘 치킨의 원조', address: '서울 강남구 역삼로 123', minOrderAmount: 16000, deliveryTip: 3000, open: true,
    menu: [['교촌 오리지날', 19000, true], ['레드 콤보', 23000, true], ['허니 콤보', 23000], ['치즈볼', 5000]], promotion: '첫 주문 3,000원 할인',
    reviews: [[5, '바삭하고 맛있어요', '치킨러버'], [4, '배달이 빨라요', '역삼동주민']] },
  { name: 'BBQ 강남점', category: 'CHICKEN', description: '황금올리브 치킨', address: '서울 강남구 테헤란로 45', minOrderAmount: 15000, deliveryTip: 2000, open: true,
    menu: [['황금올리브 치킨', 20000, true], ['자메이카 통다리 구이', 21000], ['양념치킨', 21000]], reviews: [[5, '역시 황올', '닭다리']] },
  { name: '홍콩반점 선릉점', category: 'CHINESE', description: '짜장면 짬뽕 탕수육', address: '서울 강남구 선릉로 77', minOrderAmount: 12000, deliveryTip: 2500, open: true,
    menu: [['짜장면', 7000, true], ['짬뽕', 8500, true], ['탕수육', 16000], ['군만두', 5000]], promotion: '탕수육 주문 시 군만두 서비스',
    reviews: [[4, '짬뽕 국물이 시원해요', '면덕후'], [3, '짜장면은 보통', '한끼']] },
  { name: '스시 오마카세 하루', category: 'JAPANESE', description: '매일 들어오는 신선한 생선', address: '서울 서초구 강남대로 301', minOrderAmount: 25000, deliveryTip: 4000, open: true,
    menu: [['모둠 초밥 12p', 22000, true], ['연어 초밥 10p', 19000], ['냉모밀', 9000], ['새우튀김 우동', 10000]], reviews: [[5, '회가 두툼해요', '초밥왕']] },
  { name: '도미노피자 삼성점', category: 'PIZZA', description: '갓 구운 피자', address: '서울 강남구 봉은사로 510', minOrderAmount: 18000, deliveryTip: 0, open: true,
    menu: [['포테이토 피자 L', 27900, true], ['페퍼로니 피자 L', 24900], ['치즈 오븐 스파게티', 8900], ['콜라 1.25L', 2500]], promotion: '방문 포장 40% 할인',
    reviews: [[4, '포테이토는 진리', '피자좋아']] },
  { name: '신전떡볶이 논현점', category: 'BUNSIK', description: '매콤달콤 떡볶이', address: '서울 강남구 논현로 88', minOrderAmount: 10000, deliveryTip: 2000, open: true,
    menu: [['신전 떡볶이', 4500, true], ['치즈 김밥', 4000], ['순대', 4000], ['튀김 모둠', 5000]], reviews: [[5, '맵찔이도 먹을 만해요', '분식킬러'], [5, '최고', '학생']] },
  { name: '원할머니보쌈 대치점', category: 'JOKBAL_BOSSAM', description: '부드러운 보쌈과 족발', address: '서울 강남구 대치동 900', minOrderAmount: 25000, deliveryTip: 3000, open: true,
    menu: [['보쌈 정식', 13000, true], ['족발 중', 35000, true], ['막국수', 8000]], reviews: [[4, '고기가 부드러워요', '야식왕']] },
  { name: '진짜 감자탕', category: 'JJIM_TANG', description: '24시간 끓인 뼈해장국', address: '서울 송파구 올림픽로 240', minOrderAmount: 20000, deliveryTip: 3000, open: false,
    menu: [['감자탕 중', 33000, true], ['뼈해장국', 9000], ['볶음밥 추가', 3000]], reviews: [] },
  { name: '카페 봄날', category: 'CAFE_DESSERT', description: '수제 디저트와 스페셜티 커피', address: '서울 마포구 연남로 12', minOrderAmount: 12000, deliveryTip: 2000, open: true,
    menu: [['아메리카노', 4500, true], ['카페 라떼', 5000], ['크로플', 6500, true], ['딸기 케이크', 7500]], promotion: '음료 2잔 주문 시 크로플 반값',
    reviews: [[5, '크로플 맛집', '디저트탐방'], [4, '커피가 진해요', '카페인']] },
  { name: '맘스터치 신촌점', category: 'FAST_FOOD', description: '싸이버거의 고향', address: '서울 서대문구 신촌로 99', minOrderAmount: 10000, deliveryTip: 2500, open: true,
    menu: [['싸이버거 세트', 7900, true], ['불고기버거', 4500], ['케이준 감자튀김', 2500]], reviews: [[4, '가성비 좋아요', '대학생']] },
  { name: '포메인 홍대점', category: 'ASIAN', description: '베트남 쌀국수', address: '서울 마포구 양화로 150', minOrderAmount: 12000, deliveryTip: 2000, open: true,
    menu: [['양지 쌀국수', 9500, true], ['분짜', 11000], ['짜조', 6000]], reviews: [[5, '국물이 깔끔', '쌀국수']] },
  { name: '한솥도시락 종로점', category: 'LUNCHBOX', description: '따뜻한 도시락', address: '서울 종로구 종로 33', minOrderAmount: 8000, deliveryTip: 1500, open: true,
    menu: [['치킨마요', 3900, true], ['돈까스 도련님', 5900], ['제육볶음 도시락', 6500]], reviews: [] },
  { name: '심야식당 달빛', category: 'NIGHT_SNACK', description: '새벽까지 여는 야식집', address: '서울 용산구 이태원로 200', minOrderAmount: 18000, deliveryTip: 3000, open: true,
    menu: [['닭발', 17000, true], ['계란찜', 5000], ['주먹밥', 4000], ['오돌뼈', 16000]], notice: '새벽 3시까지 주문 가능합니다.', reviews: [[5, '매운 닭발 최고', '올빼미']] },
  { name: '본죽 역삼점', category: 'KOREAN', description: '정성 가득 죽 전문점', address: '서울 강남구 역삼로 200', minOrderAmount: 9000, deliveryTip: 2000, open: true,
    menu: [['전복죽', 13000, true], ['야채죽', 9000], ['소고기 버섯죽', 11000]], reviews: [[5, '아플 때 최고', '감기환자']] },
  { name: '한식당 소반', category: 'KOREAN', description: '집밥 같은 한식', address: '서울 성동구 왕십리로 58', minOrderAmount: 12000, deliveryTip: 2000, open: false,
    menu: [['김치찌개', 9000, true], ['된장찌개', 9000], ['제육볶음', 11000]], reviews: [] },
  { name: '이탈리안 키친 파스타', category: 'WESTERN', description: '생면 파스타와 리조또', address: '서울 강남구 도산대로 318', minOrderAmount: 20000, deliveryTip: 3000, open: true,
    menu: [['까르보나라', 16000, true], ['봉골레', 17000], ['트러플 리조또', 19000], ['시저 샐러드', 12000]], promotion: '와인 1병 10% 할인',
    reviews: [[4, '면이 쫄깃해요', '파스타러버']] },
  { name: 'Burger Lab', category: 'FAST_FOOD', description: 'Smash burgers and fries', address: '서울 용산구 한남대로 20', minOrderAmount: 15000, deliveryTip: 2500, open: true,
    menu: [['Double Smash Burger', 12900, true], ['Truffle Fries', 6500], ['Milkshake', 6000]], reviews: [[5, 'Best smash burger in Seoul', 'Alex']] },
  { name: '마라공방', category: 'CHINESE', description: '내 맘대로 고르는 마라탕', address: '서울 관악구 관악로 150', minOrderAmount: 13000, deliveryTip: 2500, open: true,
    menu: [['마라탕', 10000, true], ['마라샹궈', 18000, true], ['꿔바로우', 15000]], reviews: [[4, '얼얼하고 좋아요', '마라중독']] },
  { name: '명동 칼국수', category: 'KOREAN', description: '진한 사골 칼국수', address: '서울 중구 명동길 29', minOrderAmount: 10000, deliveryTip: 2000, open: true,
    menu: [['칼국수', 9000, true], ['만두', 8000], ['비빔국수', 9000]], reviews: [[5, '국물이 진해요', '면식가']] },
  { name: '타코 하우스', category: 'WESTERN', description: '멕시칸 타코와 부리또', address: '서울 마포구 와우산로 35', minOrderAmount: 15000, deliveryTip: 3000, open: true,
    menu: [['비프 타코', 7000, true], ['치킨 부리또', 9500], ['나초', 6000]], reviews: [] },
];

/**
 * Pay-per-click campaigns of some of the shops above, by shop name: sponsored slates in two
 * delivery areas (`seoul-gangnam`, `seoul-mapo`); the two chicken shops bid the same and take
 * turns at the top of Gangnam's slate; 카페 봄날 runs on a small budget.
 */
export const CAMPAIGNS: Record<string, { areas: string[]; bidPerClick: number; dailyBudget: number }> = {
  '교촌치킨 역삼점': { areas: ['seoul-gangnam', 'seoul-seocho'], bidPerClick: 800, dailyBudget: 100_000 },
  'BBQ 강남점': { areas: ['seoul-gangnam'], bidPerClick: 800, dailyBudget: 80_000 },
  '도미노피자 삼성점': { areas: ['seoul-gangnam'], bidPerClick: 600, dailyBudget: 50_000 },
  '홍콩반점 선릉점': { areas: ['seoul-gangnam'], bidPerClick: 500, dailyBudget: 30_000 },
  '카페 봄날': { areas: ['seoul-mapo'], bidPerClick: 700, dailyBudget: 7_000 },
  '포메인 홍대점': { areas: ['seoul-mapo'], bidPerClick: 500, dailyBudget: 40_000 },
  '타코 하우스': { areas: ['seoul-mapo'], bidPerClick: 400, dailyBudget: 20_000 },
};
